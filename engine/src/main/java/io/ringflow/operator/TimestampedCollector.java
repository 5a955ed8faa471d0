package io.ringflow.operator;

import io.ringflow.api.functions.Collector;

/** The collector handed to user functions: stamps emitted records with the current timestamp. */
final class TimestampedCollector<T> implements Collector<T> {
    private final Output<T> output;
    private long timestamp = Long.MIN_VALUE;

    TimestampedCollector(Output<T> output) {
        this.output = output;
    }

    void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public void collect(T record) {
        output.collect(record, timestamp);
    }
}
