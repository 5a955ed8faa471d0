package io.ringflow.api.codec;

/**
 * Thrown when no built-in codec can carry a type: it is not a primitive, a string, a primitive
 * array or a Java record made of those. The message names the type, the component at fault for
 * records, and the fix.
 */
public final class NoCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Class<?> type;

    /**
     * @param type   the type that has no codec
     * @param reason why, e.g. which record component has no codec
     */
    public NoCodecException(final Class<?> type, final String reason) {
        super("No codec for " + type.getTypeName() + ": " + reason
            + ". Declare one with .returns(Codec) on the stream, or implement Codec<"
            + type.getSimpleName() + "> and pass it there.");
        this.type = type;
    }

    /** The type that has no codec. */
    public Class<?> type() {
        return type;
    }
}
