package io.ringflow.api.watermark;

/** Watermark = highest timestamp seen − the allowed out-of-orderness − 1 ms, as in Flink. */
public final class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private long maxTimestamp;

    public BoundedOutOfOrdernessWatermarks(long outOfOrdernessMs) {
        if (outOfOrdernessMs < 0) {
            throw new IllegalArgumentException("out-of-orderness must be >= 0, got " + outOfOrdernessMs + " ms");
        }
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMs + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(maxTimestamp - outOfOrdernessMs - 1);
    }
}
