package io.ringflow.cli;

/** A usage mistake: the command prints the message and its usage to stderr and exits 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
