package io.ringflow.api.metrics;

/** Flink's Histogram: a distribution of values the function records. */
public interface Histogram extends Metric {
    void update(long value);

    long getCount();

    HistogramStatistics getStatistics();
}
