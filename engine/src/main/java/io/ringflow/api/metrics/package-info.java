/**
 * Flink's user metrics: what a function registers through
 * {@code getRuntimeContext().getMetricGroup()}, shown as MBean attributes of its operator.
 */
package io.ringflow.api.metrics;
