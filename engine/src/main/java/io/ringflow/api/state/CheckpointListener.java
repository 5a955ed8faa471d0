package io.ringflow.api.state;

/**
 * Implemented by a function that acts when a checkpoint completes, such as a two-phase-commit
 * sink committing its pending transaction. Called on the task thread.
 */
public interface CheckpointListener {
    /** Checkpoint {@code checkpointId} is complete: its metadata is durable. */
    void notifyCheckpointComplete(long checkpointId) throws Exception;

    /** Checkpoint {@code checkpointId} was aborted and will never complete; ignored by default. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }
}
