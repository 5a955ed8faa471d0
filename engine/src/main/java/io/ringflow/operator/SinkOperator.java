package io.ringflow.operator;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

/** {@code DataStream.sinkTo}: runs one writer of the sink per subtask. */
public final class SinkOperator<T> extends OneInputOperator<T, Void> implements SinkContext {
    private final Sink<T> sink;
    private SinkWriter<T> writer;

    public SinkOperator(Sink<T> sink) {
        this.sink = sink;
    }

    @Override
    public void open() throws Exception {
        writer = sink.createWriter(this);
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        writer.write(value, timestamp);
    }

    @Override
    public void processWatermark(long watermark) {
    }

    @Override
    public void processIdle(boolean idle) {
    }

    @Override
    public void finish() throws Exception {
        writer.finish();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (writer instanceof io.ringflow.api.state.CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (writer instanceof io.ringflow.api.state.CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
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
}
