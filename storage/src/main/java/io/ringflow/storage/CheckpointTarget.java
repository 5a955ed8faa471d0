package io.ringflow.storage;

import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.metadata.CheckpointMetadata;

/** Where a {@link CheckpointWriter} puts its streams and its metadata: the heap or a directory. */
interface CheckpointTarget {
    /** A new stream that, if it leaves the heap, becomes the file {@code fileName}. */
    SnapshotStreamWriter newStream(String fileName);

    /** Makes the checkpoint exist: after this returns it is complete, before it it is not. */
    CompletedCheckpoint commit(CheckpointMetadata metadata);

    /** Removes everything written; never throws. */
    void abort();

    /** The checkpoint's name for messages: its directory, or job and id. */
    String label();
}
