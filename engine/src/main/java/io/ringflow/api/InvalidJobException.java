package io.ringflow.api;

/** A job description that cannot run; the message names the mistake and the fix. */
public final class InvalidJobException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidJobException(String message) {
        super(message);
    }

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
