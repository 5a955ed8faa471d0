package io.ringflow.storage.log;

/** A log queue could not be opened, written or read; the message names the queue directory. */
public class LogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogException(String message) {
        super(message);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
