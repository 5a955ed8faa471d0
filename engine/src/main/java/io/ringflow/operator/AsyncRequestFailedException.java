package io.ringflow.operator;

/** An async I/O request completed exceptionally (or timed out): the job fails with it as the cause. */
public final class AsyncRequestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AsyncRequestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
