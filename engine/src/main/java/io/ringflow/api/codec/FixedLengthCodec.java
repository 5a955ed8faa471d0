package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A codec of an immutable boxed primitive: a fixed number of bytes, nothing else.
 *
 * @param <T> the boxed type
 */
abstract class FixedLengthCodec<T> extends BuiltInCodec<T> {
    private final int length;
    private final Class<?> primitive;

    FixedLengthCodec(final Class<T> boxed, final Class<?> primitive, final int length) {
        super(boxed);
        this.primitive = primitive;
        this.length = length;
    }

    /** Writes {@code value} at {@code offset}; the caller has checked the capacity. */
    abstract void put(T value, MutableDirectBuffer buffer, int offset);

    /** Writes the accessor's primitive result at {@code offset}; the caller has checked the capacity. */
    abstract void putComponent(MethodHandle accessor, Object record, MutableDirectBuffer buffer, int offset)
        throws Throwable;

    @Override
    final int write(final T value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < length) {
            return DOES_NOT_FIT;
        }
        put(value, buffer, offset);
        return length;
    }

    @Override
    final int writeComponent(final MethodHandle accessor, final Object record,
        final MutableDirectBuffer buffer, final int offset, final int capacity) throws Throwable {
        if (capacity < length) {
            return DOES_NOT_FIT;
        }
        putComponent(accessor, record, buffer, offset);
        return length;
    }

    @Override
    final int lengthAt(final DirectBuffer buffer, final int offset) {
        return length;
    }

    @Override
    final int fixedLength() {
        return length;
    }

    /** The primitive's name: {@code long} and {@code Long} share this codec and its layout. */
    @Override
    public final String identity() {
        return primitive.getName();
    }

    /** Zero bits: 0, 0.0, false or the NUL char. */
    @Override
    final Object defaultValue() {
        return decode(new UnsafeBuffer(new byte[length]), 0, length);
    }

    @Override
    final Class<?> carrier() {
        return primitive;
    }

    @Override
    public final boolean isImmutable() {
        return true;
    }

    @Override
    public final T copy(final T value) {
        return value;
    }
}
