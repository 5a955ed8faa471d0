package io.ringflow.operator;

import io.ringflow.api.watermark.TimestampAssigner;
import io.ringflow.api.watermark.WatermarkGenerator;
import io.ringflow.api.watermark.WatermarkOutput;
import io.ringflow.api.watermark.WatermarkStrategy;

/**
 * What a {@link WatermarkStrategy} does to a stream, wherever it is applied (a source, or
 * {@code assignTimestampsAndWatermarks}): stamps records with event time, runs the watermark
 * generator (periodically, or after every record when the interval is 0) and idleness detection.
 */
final class EventTimeStamper<T> implements WatermarkOutput {
    private final WatermarkStrategy<T> strategy;
    private Output<T> output;
    private WatermarkGenerator<T> generator;
    private TimestampAssigner<T> assigner;
    private long watermarkIntervalMs;
    private long tickIntervalMs;
    private long nextTickMs = Long.MAX_VALUE;
    private long lastWatermark = Long.MIN_VALUE;
    private boolean idle;
    private boolean emittedSinceTick;
    private long lastActivityMs;
    private WatermarkAlignment.Member alignment; // null: not aligned

    EventTimeStamper(WatermarkStrategy<T> strategy) {
        this.strategy = strategy;
    }

    /** Publishes this stream's watermark and idleness to its alignment group. */
    void alignWith(WatermarkAlignment.Member member) {
        this.alignment = member;
    }

    /** Idleness counts from {@code nowMs}. */
    void open(Output<T> output, ProcessingTimeScheduler scheduler, long watermarkIntervalMs, long nowMs) {
        this.output = output;
        this.watermarkIntervalMs = watermarkIntervalMs;
        this.lastActivityMs = nowMs;
        generator = strategy.createGenerator();
        assigner = strategy.timestampAssigner();
        long idleTimeoutMs = strategy.idleTimeoutMs();
        if (generator != null && watermarkIntervalMs > 0) {
            tickIntervalMs = idleTimeoutMs > 0 ? Math.min(watermarkIntervalMs, idleTimeoutMs) : watermarkIntervalMs;
        } else if (idleTimeoutMs > 0) {
            tickIntervalMs = Math.max(1, idleTimeoutMs / 4);
        }
        if (tickIntervalMs > 0) {
            nextTickMs = lastActivityMs + tickIntervalMs;
            scheduler.wakeAt(nextTickMs);
        }
    }

    void collect(T record, long timestamp) {
        long eventTime = assigner == null ? timestamp : assigner.extractTimestamp(record, timestamp);
        emittedSinceTick = true;
        if (idle) {
            active();
        }
        output.collect(record, eventTime);
        if (generator != null) {
            generator.onEvent(record, eventTime, this);
            if (watermarkIntervalMs == 0) {
                generator.onPeriodicEmit(this);
            }
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        if (watermark > lastWatermark) {
            lastWatermark = watermark;
            if (idle) {
                active();
            }
            if (alignment != null) {
                alignment.watermark(watermark);
            }
            output.emitWatermark(watermark);
        }
    }

    @Override
    public void markIdle() {
        if (!idle) {
            idle = true;
            if (alignment != null) {
                alignment.idle(true);
            }
            output.emitIdle(true);
        }
    }

    private void active() {
        idle = false;
        if (alignment != null) {
            alignment.idle(false);
        }
        output.emitIdle(false);
    }

    void onProcessingTime(long nowMs) {
        if (nowMs < nextTickMs) {
            return;
        }
        if (emittedSinceTick) {
            emittedSinceTick = false;
            lastActivityMs = nowMs;
        }
        if (generator != null && watermarkIntervalMs > 0) {
            generator.onPeriodicEmit(this);
        }
        long idleTimeoutMs = strategy.idleTimeoutMs();
        if (idleTimeoutMs > 0 && nowMs - lastActivityMs >= idleTimeoutMs) {
            markIdle();
        }
        nextTickMs = nowMs + tickIntervalMs;
    }

    long nextProcessingTimeMs() {
        return nextTickMs;
    }

    /** The input ended: no more ticks; with {@code closeWindows}, the end of event time goes out. */
    void finish(boolean closeWindows) {
        nextTickMs = Long.MAX_VALUE;
        if (!closeWindows) {
            return;
        }
        if (idle) {
            active();
        }
        emitWatermark(Long.MAX_VALUE);
    }
}
