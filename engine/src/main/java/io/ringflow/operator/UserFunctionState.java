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
    private final boolean operatorKeepsState;
    private OperatorStateBackend operatorState;

    UserFunctionState(Object function) {
        this(function, false);
    }

    /** {@code operatorKeepsState}: the operator keeps operator state of its own (broadcast state), beside the function's. */
    UserFunctionState(Object function, boolean operatorKeepsState) {
        this.function = function;
        this.operatorKeepsState = operatorKeepsState;
    }

    void initialize(KeyedStateStore keyedState, RestoredState restored) throws Exception {
        if (function instanceof CheckpointedFunction || operatorKeepsState) {
            operatorState = new OperatorStateBackend();
            if (restored != null) {
                operatorState.restore(restored.operatorStateBlocks(), restored.parallelism(), restored.subtask());
            }
        }
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.initializeState(new StateInitializationContext(restored != null, operatorState, keyedState));
        }
    }

    /** The operator state both the operator and the function use; null unless either keeps some. */
    OperatorStateBackend operatorState() {
        return operatorState;
    }

    /** True when the function registered a union list state. */
    boolean usesUnionListState() {
        return operatorState != null && operatorState.hasUnionState();
    }

    /** Null when the function keeps no operator state. */
    OperatorStateSnapshot snapshot(long checkpointId) throws Exception {
        if (function instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(new StateSnapshotContext(checkpointId));
        }
        return operatorState == null ? null : operatorState.snapshot();
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
