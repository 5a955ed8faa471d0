package io.ringflow.state;

import io.ringflow.api.state.FunctionSnapshotContext;

/**
 * The {@link FunctionSnapshotContext} a task hands to
 * {@link io.ringflow.api.state.CheckpointedFunction#snapshotState}.
 *
 * @param checkpointId the id of the checkpoint being taken
 */
public record StateSnapshotContext(long checkpointId) implements FunctionSnapshotContext {
    @Override
    public long getCheckpointId() {
        return checkpointId;
    }
}
