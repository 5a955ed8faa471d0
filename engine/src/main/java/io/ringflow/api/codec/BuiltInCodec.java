package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Base of the codecs {@link Codecs} hands out. Their values are self-delimiting, so a record
 * codec can chain them without per-component length headers, and each can write straight from a
 * record accessor so that primitive components are never boxed.
 *
 * @param <T> the type of values
 */
abstract class BuiltInCodec<T> implements Codec<T> {
    private final Class<T> type;

    BuiltInCodec(final Class<T> type) {
        this.type = type;
    }

    @Override
    public final int encode(final T value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (value == null) {
            throw new NullPointerException(getClass().getSimpleName() + " for " + type.getTypeName()
                + " cannot encode null: a record on a ring must be non-null");
        }
        return write(value, buffer, offset, capacity);
    }

    @Override
    public final Class<?> type() {
        return type;
    }

    /** {@link #encode} without the null check; strings and arrays write null as a sentinel. */
    abstract int write(T value, MutableDirectBuffer buffer, int offset, int capacity);

    /** Bytes taken by the value that {@link #write} put at {@code offset}. */
    abstract int lengthAt(DirectBuffer buffer, int offset);

    /** Encoded length shared by every value, or {@link CodecDescriptor#VARIABLE_LENGTH}. */
    int fixedLength() {
        return CodecDescriptor.VARIABLE_LENGTH;
    }

    /** The value a record component of this type gets when a restored record lacked it. */
    Object defaultValue() {
        return null;
    }

    /** True when {@link #write} accepts null, so a record component of this type may be null. */
    boolean acceptsNull() {
        return false;
    }

    /**
     * The return type an accessor handed to {@link #writeComponent} must have:
     * the primitive for primitive codecs, {@code Object} otherwise.
     */
    Class<?> carrier() {
        return Object.class;
    }

    /**
     * Writes the component that {@code accessor}, typed {@code (Object)carrier()}, reads from
     * {@code record}. Overridden by primitive codecs to call the accessor without boxing.
     */
    @SuppressWarnings("unchecked")
    int writeComponent(final MethodHandle accessor, final Object record,
        final MutableDirectBuffer buffer, final int offset, final int capacity) throws Throwable {
        return write((T)(Object)accessor.invokeExact(record), buffer, offset, capacity);
    }
}
