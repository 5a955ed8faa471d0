package io.ringflow.api.metrics;

/** Flink's Metric: what a {@link MetricGroup} registers (a counter, gauge, meter or histogram). */
public interface Metric {
}
