package io.ringflow.api.codec;

/** The one check and message for a null inside a value whose codec cannot write null. */
final class Nulls {
    private Nulls() {
    }

    /** {@code value}, or a NullPointerException naming {@code where} when it is null and {@code codec} cannot write null. */
    static <T> T check(final T value, final BuiltInCodec<?> codec, final String where) {
        if (value == null && !codec.acceptsNull()) {
            throw new NullPointerException(where + " is null; a " + codec.type().getSimpleName()
                + " there is written only when non-null");
        }
        return value;
    }
}
