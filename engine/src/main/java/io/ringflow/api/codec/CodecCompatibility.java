package io.ringflow.api.codec;

/**
 * Whether values written by a codec of one {@link Codec#identity()} can be read by another
 * codec, as restoring state needs to know. Equal identities read as they are; a record or POJO
 * read by a codec of the same class whose components were added or removed is read by name,
 * added components taking their default (0, false, null, empty, a record of defaults; a POJO
 * field keeps what its no-arg constructor gave it); an enum whose constants were reordered or
 * added is read by constant name. Anything else would decode garbage, so it is refused.
 */
public final class CodecCompatibility {
    private CodecCompatibility() {
    }

    /**
     * A codec that decodes values written by a codec of identity {@code written} into values of
     * {@code codec}, and encodes, copies and identifies itself as {@code codec} does.
     *
     * @throws IncompatibleCodecException saying why the written values cannot be read
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> readerFor(final String written, final Codec<T> codec) {
        if (written.equals(codec.identity())) {
            return codec;
        }
        final BuiltInCodec<?> reader = codec instanceof BuiltInCodec<?> builtIn ? Evolution.readerOf(written, builtIn) : null;
        if (reader == null) {
            throw new IncompatibleCodecException("the bytes of one type cannot be read as another");
        }
        return (Codec<T>)reader;
    }
}
