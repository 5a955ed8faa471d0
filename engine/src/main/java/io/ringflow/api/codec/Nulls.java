package io.ringflow.api.codec;

/** The one check and message for a null inside a value whose codec cannot write null. */
final class Nulls {
    private Nulls() {
    }

    /**
     * {@code value}, or a NullPointerException naming it as {@code role} of {@code where} ("an
     * element of Order.lines") when it is null and {@code codec} cannot write null. The message is
     * built only on failure: this runs for every element written.
     */
    static <T> T check(final T value, final BuiltInCodec<?> codec, final String role, final String where) {
        if (value == null && !codec.acceptsNull()) {
            throw new NullPointerException(role + " of " + where + " is null; a " + codec.type().getSimpleName()
                + " there is written only when non-null");
        }
        return value;
    }
}
