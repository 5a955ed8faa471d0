package io.ringflow.operator;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

/** {@code DataStream.sinkTo}: runs one writer of the sink per subtask. */
public final class SinkOperator<T> extends OneInputOperator<T, Void> implements SinkContext {
    private final Sink<T> sink;
    private SinkWriter<T> writer;
    private UserFunctionState writerState;

    public SinkOperator(Sink<T> sink) {
        this.sink = sink;
    }

    @Override
    public void open() throws Exception {
        writer = sink.createWriter(this);
        writerState = new UserFunctionState(writer);
        writerState.initialize(null, context.restored());
    }

    @Override
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        io.ringflow.state.OperatorStateSnapshot state = writerState.snapshot(checkpointId);
        return state == null ? null
            : new io.ringflow.snapshot.OperatorSnapshot(context.uid(), context.subtaskIndex(), null, null, state, null);
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        writer.write(value, timestamp);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        writer.writeWatermark(watermark);
    }

    @Override
    public void processIdle(boolean idle) {
    }

    @Override
    public void finish() throws Exception {
        if (context != null && context.restored() != null && context.restored().inputEndedBefore()) {
            return; // it wrote its last records before the checkpoint it was restored from: not twice
        }
        writer.finish();
    }

    @Override
    public boolean usesUnionListState() {
        return writerState != null && writerState.usesUnionListState();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        writerState.notifyComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        writerState.notifyAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
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
    public boolean isFlushToDevice() {
        return context.config().checkpointConfig().storage().durability() == io.ringflow.storage.StorageOptions.Durability.FLUSH;
    }

    @Override
    public boolean allowsDuplicateOutput() {
        return context.config().allowDuplicateOutput();
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return context.config().checkpointConfig().isCheckpointingEnabled();
    }
}
