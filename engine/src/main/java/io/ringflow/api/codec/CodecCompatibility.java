package io.ringflow.api.codec;

/**
 * Whether values written by a codec of one {@link Codec#identity()} can be read by another
 * codec, as restoring state needs to know. Equal identities read as they are; a record read
 * by a codec of the same record class whose components were added or removed is read by name,
 * added components taking their default (0, false, null, a record of defaults). Anything else
 * would decode garbage, so it is refused.
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
    public static <T> Codec<T> readerFor(final String written, final Codec<T> codec) {
        if (written.equals(codec.identity())) {
            return codec;
        }
        if (codec instanceof RecordCodec<T> record) {
            final RecordIdentity old = RecordIdentity.parse(written);
            if (old != null && old.className().equals(record.type().getName())) {
                return EvolvedRecordCodec.of(old, record);
            }
        }
        throw new IncompatibleCodecException("the bytes of one type cannot be read as another");
    }
}
