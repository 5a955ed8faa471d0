package io.ringflow.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Durable bytes for checkpoints and savepoints. State is opaque: bytes labelled by operator
 * uid, subtask and key group. Two implementations, chosen by {@code state.checkpoint-storage}:
 * {@link HeapCheckpointStorage} ({@code jobmanager}) and {@link FileCheckpointStorage}
 * ({@code filesystem}, Chronicle memory-mapped files). Thread-safe.
 */
public interface CheckpointStorage {
    /** The storage the options name. */
    static CheckpointStorage create(StorageOptions options) {
        return options.kind() == StorageOptions.Kind.FILESYSTEM
            ? new FileCheckpointStorage(options) : new HeapCheckpointStorage(options);
    }

    StorageOptions options();

    /** Starts checkpoint {@code checkpointId} of {@code jobId}. */
    CheckpointWriter beginCheckpoint(String jobId, long checkpointId);

    /**
     * Starts a savepoint in {@code dir}, or in a fresh directory under
     * {@code state.savepoints.dir} when {@code dir} is null.
     */
    CheckpointWriter beginSavepoint(String jobId, long checkpointId, Path dir);

    /**
     * The newest complete checkpoint of a job whose files all check out, or the savepoint the job
     * stopped with when that is newer. A corrupt newer one is skipped with a warning naming it and
     * the fault; empty when there is none.
     */
    Optional<CompletedCheckpoint> latest(String jobId);

    /** Opens a checkpoint or savepoint by its directory (or its {@code _metadata} file). */
    CompletedCheckpoint open(Path path);

    /** Ids of the job's complete checkpoints, ascending. */
    List<Long> completedCheckpointIds(String jobId);

    /**
     * Notes that the job stopped with the savepoint {@code savepoint} of {@code checkpointId}, before
     * its sinks commit it, so that {@link #latest} restores it rather than an older checkpoint.
     * Only a storage whose checkpoints outlive the process keeps it.
     */
    default void recordFinalSavepoint(String jobId, long checkpointId, Path savepoint) {
    }

    /** The savepoint the job last stopped with, as {@link #recordFinalSavepoint} noted it. */
    default Optional<FinalSavepoint> finalSavepoint(String jobId) {
        return Optional.empty();
    }

    /**
     * The job ended ({@code cancelled}: by a cancel): its checkpoints are deleted when the
     * retention says so ({@link StorageOptions.CancelRetention#discards}), else they stay for a
     * later {@code --restore}.
     */
    void onJobTerminated(String jobId, boolean cancelled);

    /**
     * The job ended, whichever way: what only a running job could still use (incremental
     * checkpoints' shared files no retained checkpoint refers to) is deleted.
     */
    default void onJobEnded(String jobId) {
    }
}
