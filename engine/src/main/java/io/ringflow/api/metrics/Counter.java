package io.ringflow.api.metrics;

/** Flink's Counter: a count a function keeps, read by JMX from another thread. */
public interface Counter extends Metric {
    void inc();

    void inc(long n);

    void dec();

    void dec(long n);

    long getCount();
}
