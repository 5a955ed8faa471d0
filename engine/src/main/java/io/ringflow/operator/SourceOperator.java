package io.ringflow.operator;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.api.watermark.WatermarkOutput;
import io.ringflow.api.watermark.WatermarkStrategy;

/**
 * Head of a source chain: polls the reader; its {@link EventTimeStamper} stamps records with
 * event time and runs the watermark generator and idleness detection.
 */
public final class SourceOperator<T> extends StreamOperator<T>
    implements ReaderOutput<T>, WatermarkOutput, SourceReaderContext {
    private final Source<T> source;
    private final EventTimeStamper<T> stamper;
    private final WatermarkStrategy<T> strategy;
    private WatermarkAlignment.Member alignment; // null: not aligned
    private SourceReader<T> reader;
    private boolean stoppedWithoutDrain;
    private boolean warnedNoPosition; // once per subtask and attempt: a restore reads such a source again

    public SourceOperator(Source<T> source, WatermarkStrategy<T> strategy) {
        this.source = source;
        this.stamper = new EventTimeStamper<>(strategy);
        this.strategy = strategy;
    }

    /**
     * Joins its alignment group here, not in {@link #open}: every source subtask of an attempt is set
     * up before any task runs, so none reads ahead of a member that has not joined yet.
     */
    @Override
    public void setup(OperatorContext context, Output<T> output) {
        super.setup(context, output);
        if (strategy.alignmentGroup() != null) {
            alignment = WatermarkAlignment.join(context.config().jobId() + "/" + context.attempt(),
                strategy.alignmentGroup(), strategy.maxAllowedDriftMs(), strategy.alignmentUpdateIntervalMs(),
                context.clock());
            stamper.alignWith(alignment);
        }
    }

    @Override
    public void open() throws Exception {
        // idleness counts from here: before the reader can emit
        stamper.open(output, context.scheduler(), context.config().autoWatermarkIntervalMs(), currentTimeMillis());
        reader = source.createReader(this);
        if (context.restored() != null) {
            byte[] position = context.restored().sourcePosition();
            if (position != null) {
                reader.restorePosition(position);
            }
        }
    }

    /** Reads what the reader has now; called by the task when its outputs have room. */
    public InputStatus emitNext() throws Exception {
        if (alignment != null && alignment.mustPause()) {
            return InputStatus.NOTHING_AVAILABLE; // too far ahead of its alignment group: the task idles and asks again
        }
        return reader.pollNext(this);
    }

    @Override
    public void collect(T record) {
        collect(record, Long.MIN_VALUE);
    }

    @Override
    public void collect(T record, long timestamp) {
        stamper.collect(record, timestamp);
    }

    @Override
    public void emitWatermark(long watermark) {
        stamper.emitWatermark(watermark);
    }

    @Override
    public void markIdle() {
        stamper.markIdle();
    }

    @Override
    public void onProcessingTime(long nowMs) {
        stamper.onProcessingTime(nowMs);
    }

    @Override
    public long nextProcessingTimeMs() {
        return stamper.nextProcessingTimeMs();
    }

    /** The reader's position, so a restore replays exactly from here. */
    @Override
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        byte[] position = reader.snapshotPosition(checkpointId);
        if (position == null && !warnedNoPosition) {
            warnedNoPosition = true;
            org.slf4j.LoggerFactory.getLogger(SourceOperator.class).warn("source '{}' ({}): its reader keeps no position"
                + " (snapshotPosition returns null), so a restore reads it from its start again and what it emitted"
                + " before the restored checkpoint is emitted twice; implement SourceReader.snapshotPosition and"
                + " restorePosition, or use a source that replays (GeneratorSource, ChronicleLogSource)",
                context.uid(), source.getClass().getName());
        }
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
        stamper.finish(!stoppedWithoutDrain);
        if (alignment != null) {
            alignment.leave();
        }
    }

    @Override
    public void close() throws Exception {
        if (alignment != null) {
            alignment.leave();
        }
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
