package io.ringflow.operator;

import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.restore.RestoredState;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.state.StateInitializationContext;
import io.ringflow.state.StateSnapshotContext;

/**
 * The checkpoint hooks of a user object (function, source reader, sink writer): operator state
 * for a {@link CheckpointedFunction}, notifications for a {@link CheckpointListener}.
 */
final class UserFunctionState {
    private final Object function;
    private OperatorStateBackend operatorState;

    UserFunctionState(Object function) {
        this.function = function;
    }

    void initialize(KeyedStateStore keyedState, RestoredState restored) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            operatorState = new OperatorStateBackend();
            if (restored != null) {
                operatorState.restore(restored.operatorStateBlocks(), restored.parallelism(), restored.subtask());
            }
            checkpointed.initializeState(new StateInitializationContext(restored != null, operatorState, keyedState));
        }
    }

    /** True when the function registered a union list state. */
    boolean usesUnionListState() {
        return operatorState != null && operatorState.hasUnionState();
    }

    /** Null when the function keeps no operator state. */
    OperatorStateSnapshot snapshot(long checkpointId) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(new StateSnapshotContext(checkpointId));
            return operatorState.snapshot();
        }
        return null;
    }

    void notifyComplete(long checkpointId) throws Exception {
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    void notifyAborted(long checkpointId) throws Exception {
        if (function instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }
}
