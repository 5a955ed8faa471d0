package io.ringflow.api.state;

/** What {@link CheckpointedFunction#snapshotState} learns about the checkpoint being taken. */
public interface FunctionSnapshotContext {
    /** The id of the checkpoint being taken; ids grow with each checkpoint. */
    long getCheckpointId();
}
