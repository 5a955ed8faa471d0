package io.ringflow.storage;

import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.metadata.CheckpointMetadata;

/** Where a {@link CheckpointWriter} puts its streams and its metadata: the heap or a directory. */
interface CheckpointTarget {
    /**
     * A new stream that, if it leaves the heap, becomes the file {@code fileName}, or a range of
     * the shared log of the subtask {@code logName} names (a name made by
     * {@code CheckpointLayout.sharedStateFileName}, asked for only then) when the target keeps logs.
     */
    SnapshotStreamWriter newStream(String fileName, java.util.function.Supplier<String> logName);

    /**
     * A stream for state that later checkpoints of the job may refer to (incremental checkpoints):
     * outside this checkpoint's own directory, so that retention of this checkpoint keeps it.
     */
    SnapshotStreamWriter newSharedStream(String fileName);

    /**
     * A stream written as state streams are (write buffer, spills into a mapped file) into
     * {@code fileName} of this checkpoint's directory, never inlined and named in no metadata:
     * scratch for compiling that path ahead of need. Null where state does not go to files.
     */
    default SnapshotStreamWriter newScratchStream(String fileName) {
        return null;
    }

    /** Deletes what {@link #newScratchStream} wrote to {@code fileName}, if anything; never throws. */
    default void deleteScratch(String fileName) {
    }

    /**
     * Ends the files streams of this checkpoint share (file merging within a checkpoint), forced
     * when the durability asks: the ranges finished so far are then durable, and later streams
     * get files of their own. The commit does it too, for any left.
     */
    default void finishMergedFiles() {
    }

    /** Makes the checkpoint exist: after this returns it is complete, before it it is not. */
    CompletedCheckpoint commit(CheckpointMetadata metadata);

    /**
     * After {@link #commit}: retires the checkpoints retention no longer keeps and sweeps the shared
     * files none refers to any more. Apart so that a caller can first tell others of the completion.
     */
    default void applyRetention() {
    }

    /** Removes everything written; never throws. */
    void abort();

    /** The checkpoint's name for messages: its directory, or job and id. */
    String label();
}
