package io.ringflow.api.metrics;

/** Flink's Gauge: a value read when JMX asks, on JMX's thread (so it must be safe to read from there). */
@FunctionalInterface
public interface Gauge<T> extends Metric {
    T getValue();
}
