package io.ringflow.api.codec;

/**
 * Values written by a codec of one {@link Codec#identity()} cannot be read by another codec:
 * another type, or a record whose component changed type. The message says why.
 */
public final class IncompatibleCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IncompatibleCodecException(String reason) {
        super(reason);
    }
}
