package io.ringflow.operator;

import java.util.List;

/** An operator whose stream feeds several consumers emits to each of them. */
public final class BroadcastingOutput<T> implements Output<T> {
    private final Output<T>[] outputs;

    @SuppressWarnings("unchecked")
    public BroadcastingOutput(List<Output<T>> outputs) {
        this.outputs = outputs.toArray(new Output[0]);
    }

    @Override
    public void collect(T record, long timestamp) {
        for (Output<T> output : outputs) {
            output.collect(record, timestamp);
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        for (Output<T> output : outputs) {
            output.emitWatermark(watermark);
        }
    }

    @Override
    public void emitIdle(boolean idle) {
        for (Output<T> output : outputs) {
            output.emitIdle(idle);
        }
    }
}
