package io.ringflow.operator;

import io.ringflow.api.watermark.WatermarkStrategy;

/**
 * {@code assignTimestampsAndWatermarks}, as Flink's operator of that name: stamps each record
 * with the strategy's timestamp and emits the strategy's watermarks; watermarks from upstream
 * are dropped, but for the end of event time, which passes.
 */
public final class TimestampsAndWatermarksOperator<T> extends OneInputOperator<T, T> {
    private final EventTimeStamper<T> stamper;

    public TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
        this.stamper = new EventTimeStamper<>(strategy);
    }

    @Override
    public void open() throws Exception {
        super.open();
        stamper.open(output, context.scheduler(), context.config().autoWatermarkIntervalMs(),
            context.clock().currentTimeMillis());
    }

    @Override
    public void processElement(T value, long timestamp) {
        stamper.collect(value, timestamp);
    }

    @Override
    public void processWatermark(long watermark) {
        if (watermark == Long.MAX_VALUE) {
            stamper.emitWatermark(watermark);
        }
    }

    /** Idleness here is the strategy's to decide, from what reaches this operator. */
    @Override
    public void processIdle(boolean idle) {
    }

    @Override
    public void onProcessingTime(long nowMs) {
        stamper.onProcessingTime(nowMs);
    }

    @Override
    public long nextProcessingTimeMs() {
        return stamper.nextProcessingTimeMs();
    }

    @Override
    public void finish() {
        stamper.finish(false); // the end of event time came from upstream, or never does (a stop with a savepoint)
    }
}
