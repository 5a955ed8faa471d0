package io.ringflow.api.metrics;

/**
 * Flink's MetricGroup, from {@code getRuntimeContext().getMetricGroup()}: a function's own metrics,
 * shown as attributes of the MBean {@code io.ringflow:type=Operator,job=JOB,operator=UID[subtask]}
 * (a group's names joined with dots: {@code addGroup("cache").counter("hits")} is {@code cache.hits}).
 * A name registered twice keeps the first metric; the second is returned but not shown.
 */
public interface MetricGroup {
    /** A new {@link SimpleCounter} registered as {@code name}. */
    default Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    <C extends Counter> C counter(String name, C counter);

    <T, G extends Gauge<T>> G gauge(String name, G gauge);

    <M extends Meter> M meter(String name, M meter);

    <H extends Histogram> H histogram(String name, H histogram);

    /** A subgroup: its metrics' names start with {@code name.}. */
    MetricGroup addGroup(String name);
}
