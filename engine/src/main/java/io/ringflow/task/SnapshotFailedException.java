package io.ringflow.task;

/** The synchronous part of a checkpoint failed on a task thread; the job fails over. */
public final class SnapshotFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
