package io.ringflow.api.connector;

/** The subtask a sink writer runs in. */
public interface SinkContext {
    int subtaskIndex();

    int parallelism();

    /** Which execution attempt of the job this is: 0 at first, one more after each restart. */
    default int attemptNumber() {
        return 0;
    }

    /**
     * True when the job takes periodic checkpoints: a transactional writer then commits when a
     * checkpoint completes, and otherwise once, at the end of its input.
     */
    boolean isCheckpointingEnabled();

    /**
     * True when {@code state.storage.fs.durability} is {@code flush}: what a transactional writer
     * pre-commits must then be on the device before the checkpoint counts, so that a power cut
     * loses nothing the checkpoint covers. Otherwise the page cache suffices (a process crash loses nothing).
     */
    /**
     * True when the job was told to accept duplicate output on a restore from a checkpoint older
     * than output already committed ({@code execution.recovery.allow-duplicate-output}).
     */
    default boolean allowsDuplicateOutput() {
        return false;
    }

    default boolean isFlushToDevice() {
        return true;
    }
}
