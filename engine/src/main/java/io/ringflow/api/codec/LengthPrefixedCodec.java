package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;

/**
 * A custom codec inside a collection or optional: its bytes after their int count ({@code -1}
 * for null), because only built-in layouts are self-delimiting.
 *
 * @param <T> the type of values
 */
final class LengthPrefixedCodec<T> extends BuiltInCodec<T> {
    private final Codec<T> codec;

    @SuppressWarnings("unchecked")
    private LengthPrefixedCodec(final Codec<T> codec) {
        super((Class<T>)codec.type());
        this.codec = codec;
    }

    /** {@code codec} itself when it is built in, else it framed by a length. */
    static <T> BuiltInCodec<T> of(final Codec<T> codec) {
        return codec instanceof BuiltInCodec<T> builtIn ? builtIn : new LengthPrefixedCodec<>(codec);
    }

    @Override
    int write(final T value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < LENGTH_PREFIX_LENGTH) {
            return DOES_NOT_FIT;
        }
        if (value == null) {
            buffer.putInt(offset, NULL_LENGTH, BYTE_ORDER);
            return LENGTH_PREFIX_LENGTH;
        }
        final int written = codec.encode(value, buffer, bodyOffset(offset), capacity - LENGTH_PREFIX_LENGTH);
        if (written == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
        }
        buffer.putInt(offset, written, BYTE_ORDER);
        return LENGTH_PREFIX_LENGTH + written;
    }

    @Override
    public T decode(final DirectBuffer buffer, final int offset, final int length) {
        final int bytes = buffer.getInt(offset, BYTE_ORDER);
        return bytes == NULL_LENGTH ? null : codec.decode(buffer, bodyOffset(offset), bytes);
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        final int bytes = buffer.getInt(offset, BYTE_ORDER);
        return LENGTH_PREFIX_LENGTH + (bytes == NULL_LENGTH ? 0 : bytes);
    }

    @Override
    boolean acceptsNull() {
        return true;
    }

    /** Not the custom codec's own identity: the frame changes the layout. */
    @Override
    public String identity() {
        return "length-prefixed " + codec.identity();
    }

    @Override
    public boolean isImmutable() {
        return codec.isImmutable();
    }

    @Override
    public T copy(final T value) {
        return value == null ? null : codec.copy(value);
    }
}
