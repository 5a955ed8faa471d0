package io.ringflow.connector;

import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.storage.log.LogDocumentDescriptor;

/**
 * The writer of {@link ChronicleLogSink#atLeastOnce}: records are auto-committed, visible as soon
 * as they are appended; a checkpoint syncs them, so nothing a checkpoint covers is lost. After a
 * recovery the records since that checkpoint are written again.
 */
final class AtLeastOnceLogWriter<T> implements SinkWriter<T>, CheckpointedFunction {
    private final LogRecordWriter<T> writer;

    AtLeastOnceLogWriter(LogRecordWriter<T> writer) {
        this.writer = writer;
    }

    @Override
    public void write(T element, long timestamp) {
        writer.append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, element, timestamp);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        writer.sync();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
    }

    @Override
    public void finish() {
        writer.sync();
    }

    @Override
    public void close() {
        writer.close();
    }
}
