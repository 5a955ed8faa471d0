package io.ringflow.operator;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.api.watermark.TimestampAssigner;
import io.ringflow.api.watermark.WatermarkGenerator;
import io.ringflow.api.watermark.WatermarkOutput;
import io.ringflow.api.watermark.WatermarkStrategy;

/**
 * Head of a source chain: polls the reader, stamps records with event time, runs the watermark
 * generator (periodically, or after every record when the interval is 0) and idleness detection.
 */
public final class SourceOperator<T> extends StreamOperator<T>
    implements ReaderOutput<T>, WatermarkOutput, SourceReaderContext {
    private final Source<T> source;
    private final WatermarkStrategy<T> strategy;
    private long watermarkIntervalMs;
    private SourceReader<T> reader;
    private WatermarkGenerator<T> generator;
    private TimestampAssigner<T> assigner;
    private long tickIntervalMs;
    private long nextTickMs = Long.MAX_VALUE;
    private long lastWatermark = Long.MIN_VALUE;
    private boolean idle;
    private boolean emittedSinceTick;
    private long lastActivityMs;
    private boolean stoppedWithoutDrain;

    public SourceOperator(Source<T> source, WatermarkStrategy<T> strategy) {
        this.source = source;
        this.strategy = strategy;
    }

    @Override
    public void open() throws Exception {
        watermarkIntervalMs = context.config().autoWatermarkIntervalMs();
        lastActivityMs = currentTimeMillis(); // idleness counts from here: before the reader can emit
        reader = source.createReader(this);
        if (context.restored() != null) {
            byte[] position = context.restored().sourcePosition();
            if (position != null) {
                reader.restorePosition(position);
            }
        }
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
            context.scheduler().wakeAt(nextTickMs);
        }
    }

    /** Reads what the reader has now; called by the task when its outputs have room. */
    public InputStatus emitNext() throws Exception {
        return reader.pollNext(this);
    }

    @Override
    public void collect(T record) {
        collect(record, Long.MIN_VALUE);
    }

    @Override
    public void collect(T record, long timestamp) {
        long eventTime = assigner == null ? timestamp : assigner.extractTimestamp(record, timestamp);
        emittedSinceTick = true;
        if (idle) {
            idle = false;
            output.emitIdle(false);
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
                idle = false;
                output.emitIdle(false);
            }
            output.emitWatermark(watermark);
        }
    }

    @Override
    public void markIdle() {
        if (!idle) {
            idle = true;
            output.emitIdle(true);
        }
    }

    @Override
    public void onProcessingTime(long nowMs) {
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

    @Override
    public long nextProcessingTimeMs() {
        return nextTickMs;
    }

    /** The reader's position, so a restore replays exactly from here. */
    @Override
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        byte[] position = reader.snapshotPosition(checkpointId);
        return position == null ? null
            : new io.ringflow.snapshot.OperatorSnapshot(context.uid(), context.subtaskIndex(), null, null, null, position);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    /** Stopped by a stop-with-savepoint: keep windows open in state instead of firing them all. */
    public void stopWithoutDrain() {
        stoppedWithoutDrain = true;
    }

    /** A bounded source that ends closes every event-time window downstream, as in Flink. */
    @Override
    public void finish() {
        nextTickMs = Long.MAX_VALUE;
        if (stoppedWithoutDrain) {
            return;
        }
        if (idle) {
            idle = false;
            output.emitIdle(false);
        }
        emitWatermark(Long.MAX_VALUE);
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public int subtaskIndex() {
        return context.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return context.parallelism();
    }

    @Override
    public int attemptNumber() {
        return context.attempt();
    }

    @Override
    public String jobName() {
        return context.config().jobName();
    }

    @Override
    public String operatorName() {
        return context.operatorName();
    }

    @Override
    public long currentTimeMillis() {
        return context.clock().currentTimeMillis();
    }
}
