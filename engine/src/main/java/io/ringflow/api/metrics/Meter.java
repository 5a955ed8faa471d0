package io.ringflow.api.metrics;

/** Flink's Meter: events and their rate per second. */
public interface Meter extends Metric {
    void markEvent();

    void markEvent(long n);

    /** Events per second, over the meter's time span. */
    double getRate();

    long getCount();
}
