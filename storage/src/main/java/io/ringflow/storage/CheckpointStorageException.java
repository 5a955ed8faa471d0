package io.ringflow.storage;

/**
 * A checkpoint or savepoint could not be written or read: the message names the file or the
 * directory and what is wrong with it (not writable, disk full, missing, not a checkpoint).
 */
public class CheckpointStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointStorageException(String message) {
        super(message);
    }

    public CheckpointStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
