package io.ringflow.api.connector;

import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.state.StateInitializationContext;
import io.ringflow.state.StateSnapshotContext;

import java.util.List;

/** Drives one sink writer through the calls its sink operator makes, with real operator state. */
final class WriterHarness<T> {
    private final SinkWriter<T> writer;
    private final OperatorStateBackend state = new OperatorStateBackend();

    /** Opens a writer of subtask {@code subtask}, restoring the operator-state blocks of the old subtasks when given. */
    WriterHarness(Sink<T> sink, int subtask, int parallelism, boolean checkpointing, List<byte[]> restored) throws Exception {
        writer = sink.createWriter(new SinkContext() {
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

    WriterHarness<T> write(T value) throws Exception {
        writer.write(value, Long.MIN_VALUE);
        return this;
    }

    /** Takes checkpoint {@code id} and returns this subtask's operator-state block. */
    byte[] snapshot(long id) throws Exception {
        ((CheckpointedFunction) writer).snapshotState(new StateSnapshotContext(id));
        return state.snapshot().toByteArray();
    }

    void notifyComplete(long id) throws Exception {
        ((CheckpointListener) writer).notifyCheckpointComplete(id);
    }

    void finish() throws Exception {
        writer.finish();
    }

    void close() throws Exception {
        writer.close();
    }
}
