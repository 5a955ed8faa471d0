/**
 * The public API, in the shape of Flink's DataStream API: environment, streams, job client,
 * checkpoint configuration, restart strategies, idle strategies.
 */
package io.ringflow.api;
