package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns values of one type into bytes and back. Records cross a ring as the bytes their codec
 * writes into an off-heap slot; keyed state is snapshotted with the state's codec.
 *
 * <p>Implementations are stateless or confined to one thread and must not allocate on
 * {@link #encode} beyond what the value itself forces. A keyed state's codec is called from its
 * task's thread, the snapshot writer's, a restore's helper thread and, once per process, the
 * restore warm-up's at the same time, so it must be stateless.
 *
 * @param <T> the type of values
 */
public interface Codec<T> {
    /** Returned by {@link #encode} when the value does not fit in {@code capacity} bytes. */
    int DOES_NOT_FIT = -1;

    /**
     * Writes {@code value} at {@code offset}, using at most {@code capacity} bytes.
     *
     * @return the number of bytes written, or {@link #DOES_NOT_FIT} (nothing meaningful written)
     */
    int encode(T value, MutableDirectBuffer buffer, int offset, int capacity);

    /** Reads a value that {@link #encode} wrote as {@code length} bytes at {@code offset}. */
    T decode(DirectBuffer buffer, int offset, int length);

    /** The type this codec handles, for error messages and type checks. */
    Class<?> type();

    /** True when values can never change after creation, so sharing them needs no copy. */
    default boolean isImmutable() {
        return false;
    }

    /** A deep copy of {@code value}; immutable types return it as is. */
    T copy(T value);

    /**
     * The type and byte layout this codec writes, stored with snapshotted state and compared on
     * restore, so that state is never decoded with a codec of another layout. Built-in codecs
     * describe their layout ({@code long}, {@code long[]}, {@code record a.Trade(symbol:java.lang.String,
     * qty:long)}); override this in a custom codec to add a version when its layout changes.
     */
    default String identity() {
        return type().getTypeName();
    }
}
