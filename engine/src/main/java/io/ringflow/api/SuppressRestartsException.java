package io.ringflow.api;

/**
 * Fails the job for good, whatever its restart strategy, as Flink's exception of that name: for a
 * failure no restart can cure (a restore that would break a guarantee, say), which would
 * otherwise restart again and again.
 */
public class SuppressRestartsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SuppressRestartsException(String message) {
        super(message);
    }

    public SuppressRestartsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code failure} or one of its causes is one. */
    public static boolean isIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SuppressRestartsException) {
                return true;
            }
        }
        return false;
    }
}
