package io.ringflow.api.connector;

import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.state.StateInitializationContext;
import io.ringflow.state.StateSnapshotContext;

import java.util.List;

/** Drives one sink writer through the calls its sink operator makes, with real operator state. */
public final class WriterHarness<T> {
    private final SinkWriter<T> writer;
    private final OperatorStateBackend state = new OperatorStateBackend();

    /** Opens a writer of subtask {@code subtask}, restoring the operator-state blocks of the old subtasks when given. */
    public WriterHarness(Sink<T> sink, int subtask, int parallelism, boolean checkpointing, List<byte[]> restored) throws Exception {
        this(sink, subtask, parallelism, checkpointing, restored, false);
    }

    /** With {@code allowDuplicateOutput}: execution.recovery.allow-duplicate-output. */
    public WriterHarness(Sink<T> sink, int subtask, int parallelism, boolean checkpointing, List<byte[]> restored,
                         boolean allowDuplicateOutput) throws Exception {
        writer = sink.createWriter(new SinkContext() {
            @Override
            public boolean allowsDuplicateOutput() {
                return allowDuplicateOutput;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public boolean isCheckpointingEnabled() {
                return checkpointing;
            }
        });
        if (restored != null) {
            state.restore(restored, parallelism, subtask);
        }
        ((CheckpointedFunction) writer).initializeState(new StateInitializationContext(restored != null, state, null));
    }

    public WriterHarness<T> write(T value) throws Exception {
        writer.write(value, Long.MIN_VALUE);
        return this;
    }

    /** Takes checkpoint {@code id} and returns this subtask's operator-state block. */
    public byte[] snapshot(long id) throws Exception {
        ((CheckpointedFunction) writer).snapshotState(new StateSnapshotContext(id));
        return state.snapshot().toByteArray();
    }

    public void notifyComplete(long id) throws Exception {
        ((CheckpointListener) writer).notifyCheckpointComplete(id);
    }

    public void finish() throws Exception {
        writer.finish();
    }

    public void close() throws Exception {
        writer.close();
    }
}
