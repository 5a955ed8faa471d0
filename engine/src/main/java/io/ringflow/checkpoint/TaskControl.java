package io.ringflow.checkpoint;

/**
 * What the coordinator may tell a task: each call posts to the task's mailbox and returns at
 * once; the task acts on it on its own thread. The coordinator knows tasks only through this.
 */
public interface TaskControl {
    /** Start checkpoint {@code checkpointId} here (a source, or a task whose upstreams all finished); {@code stopSource} ends a source after it. */
    void triggerCheckpoint(long checkpointId, boolean stopSource);

    /** Checkpoint {@code checkpointId} completed: operators may commit up to it. */
    void notifyCheckpointComplete(long checkpointId);

    /** The stop-with-savepoint completed: it was the job's last checkpoint. */
    void notifyFinalSavepointComplete();

    /** The coordinator gave up on {@code checkpointId}. */
    void abortCheckpoint(long checkpointId);
}
