package io.ringflow.api.connector;

/** The subtask a sink writer runs in. */
public interface SinkContext {
    int subtaskIndex();

    int parallelism();

    /**
     * True when the job takes periodic checkpoints: a transactional writer then commits when a
     * checkpoint completes, and otherwise once, at the end of its input.
     */
    boolean isCheckpointingEnabled();
}
