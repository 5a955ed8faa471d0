package io.ringflow.storage;

/**
 * A checkpoint's bytes are not what its metadata promised: a truncated or missing file, a
 * checksum mismatch, a broken begin/end bracket or metadata of an unknown format version. Restore
 * from {@code latest} skips such a checkpoint and falls back to the previous one.
 */
public class CorruptCheckpointException extends CheckpointStorageException {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
        super(message);
    }

    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
