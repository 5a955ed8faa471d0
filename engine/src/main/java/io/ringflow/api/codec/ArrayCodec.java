package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;

/**
 * A primitive array: element count, then the elements. Arrays are mutable, so {@link #copy}
 * clones them.
 *
 * @param <A> the array type
 */
abstract class ArrayCodec<A> extends BuiltInCodec<A> {
    private final int elementLength;

    ArrayCodec(final Class<A> type, final int elementLength) {
        super(type);
        this.elementLength = elementLength;
    }

    /** Number of elements of {@code array}. */
    abstract int count(A array);

    /** Writes every element from {@code offset}; the caller has checked the capacity. */
    abstract void putElements(A array, MutableDirectBuffer buffer, int offset);

    /** Reads {@code count} elements from {@code offset} into a new array. */
    abstract A getElements(DirectBuffer buffer, int offset, int count);

    /** A shallow clone, which is deep for primitive elements. */
    abstract A cloneArray(A array);

    @Override
    final int write(final A value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < LENGTH_PREFIX_LENGTH) {
            return DOES_NOT_FIT;
        }
        if (value == null) {
            buffer.putInt(offset, NULL_LENGTH, BYTE_ORDER);
            return LENGTH_PREFIX_LENGTH;
        }
        final int count = count(value);
        // long: count * elementLength may pass Integer.MAX_VALUE for huge arrays
        final long length = LENGTH_PREFIX_LENGTH + (long)count * elementLength;
        if (length > capacity) {
            return DOES_NOT_FIT;
        }
        buffer.putInt(offset, count, BYTE_ORDER);
        putElements(value, buffer, bodyOffset(offset));
        return (int)length;
    }

    @Override
    public final A decode(final DirectBuffer buffer, final int offset, final int length) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        return count == NULL_LENGTH ? null : getElements(buffer, bodyOffset(offset), count);
    }

    @Override
    final int lengthAt(final DirectBuffer buffer, final int offset) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        return LENGTH_PREFIX_LENGTH + (count == NULL_LENGTH ? 0 : count * elementLength);
    }

    @Override
    final boolean acceptsNull() {
        return true;
    }

    @Override
    public final A copy(final A value) {
        return value == null ? null : cloneArray(value);
    }
}
