package io.ringflow.demo;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Counts the bars of the demo and keeps the latest one for the progress line. */
final class BarSink implements Sink<Bar> {
    private static final long serialVersionUID = 1L;
    private final transient LongAdder bars = new LongAdder();
    private final transient AtomicReference<Bar> latest = new AtomicReference<>();

    @Override
    public SinkWriter<Bar> createWriter(SinkContext context) {
        return (bar, timestamp) -> {
            bars.increment();
            latest.set(bar);
        };
    }

    long count() {
        return bars.sum();
    }

    Bar latest() {
        return latest.get();
    }
}
