package io.ringflow.checkpoint;

/** Checkpoints failed more often in a row than the job tolerates. */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
