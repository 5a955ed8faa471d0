package io.ringflow.api.codec;

/**
 * Thrown when no built-in codec can carry a type. The message names the type, the field at fault
 * as a path ({@code Order.lines[].price}), and one fix. Callers that know a better fix for their
 * context (a stream's {@code .returns}, a key codec) use {@link #problem()} and add their own.
 */
public final class NoCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Class<?> type;
    private final String field;
    private final String problem;

    /**
     * @param type   the type that has no codec
     * @param reason why, e.g. which record component has no codec
     */
    public NoCodecException(final Class<?> type, final String reason) {
        this(type, null, reason);
    }

    /**
     * @param type   the type that has no codec
     * @param field  the path of the field at fault ({@code Order.lines[].price}), or null for the type itself
     * @param reason why that field or type has no codec
     */
    public NoCodecException(final Class<?> type, final String field, final String reason) {
        this(type, field, reason, "implement Codec<" + type.getSimpleName()
            + "> and pass it where the type is needed (e.g. .returns(codec))");
    }

    /** With a fix that suits this type better than a custom codec. */
    NoCodecException(final Class<?> type, final String field, final String reason, final String fix) {
        super(problem(type, field, reason) + "; " + fix);
        this.type = type;
        this.field = field;
        this.problem = problem(type, field, reason);
    }

    private static String problem(final Class<?> type, final String field, final String reason) {
        return "No codec for " + type.getTypeName() + (field == null ? "" : ": field " + field) + ": " + reason;
    }

    /** The type that has no codec. */
    public Class<?> type() {
        return type;
    }

    /** The path of the field without a codec, e.g. {@code Order.lines[].price}, or null when it is the type itself. */
    public String field() {
        return field;
    }

    /** The message without its fix, for callers that name the fix of their context. */
    public String problem() {
        return problem;
    }
}
