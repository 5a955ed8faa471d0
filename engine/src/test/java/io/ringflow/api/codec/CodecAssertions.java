package io.ringflow.api.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiPredicate;

import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks shared by the codec tests: a value survives a round trip through an off-heap buffer, and
 * at every capacity short of its length the codec answers {@link Codec#DOES_NOT_FIT} without
 * touching a byte outside the capacity it was given.
 */
final class CodecAssertions {
    static final int OFFSET = 24;
    private static final byte SENTINEL = (byte)0xA5;

    private CodecAssertions() {
    }

    /** A buffer over direct memory, as ring slots are. */
    static UnsafeBuffer offHeap(final int length) {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(length));
    }

    /** Round trip plus capacity boundaries, comparing with {@link Objects#deepEquals}; returns the encoded length. */
    static <T> int assertCodec(final Codec<T> codec, final T value) {
        return assertCodec(codec, value, Objects::deepEquals);
    }

    /** Round trip plus capacity boundaries with a given equality; returns the encoded length. */
    static <T> int assertCodec(final Codec<T> codec, final T value, final BiPredicate<T, T> same) {
        final UnsafeBuffer large = offHeap(OFFSET + 64 * 1024);
        final int length = codec.encode(value, large, OFFSET, large.capacity() - OFFSET);
        assertTrue(length >= 0, () -> codec.type().getSimpleName() + " did not fit a 64 KiB buffer");
        final T decoded = codec.decode(large, OFFSET, length);
        assertTrue(same.test(value, decoded), () -> "round trip of " + describe(value) + " gave " + describe(decoded));

        // Just large enough to see a stray write past any capacity tried below.
        final UnsafeBuffer buffer = offHeap(OFFSET + length + 16);

        for (int capacity = 0; capacity < length; capacity++) {
            buffer.setMemory(0, buffer.capacity(), SENTINEL);
            assertEquals(Codec.DOES_NOT_FIT, codec.encode(value, buffer, OFFSET, capacity),
                "capacity " + capacity + " of " + length);
            assertUntouchedOutside(buffer, OFFSET, capacity);
        }
        buffer.setMemory(0, buffer.capacity(), SENTINEL);
        assertEquals(length, codec.encode(value, buffer, OFFSET, length), "exact capacity");
        assertUntouchedOutside(buffer, OFFSET, length);
        assertTrue(same.test(value, codec.decode(buffer, OFFSET, length)), "round trip at exact capacity");
        return length;
    }

    static void assertUntouchedOutside(final UnsafeBuffer buffer, final int offset, final int capacity) {
        for (int i = 0; i < buffer.capacity(); i++) {
            if ((i < offset || i >= offset + capacity) && buffer.getByte(i) != SENTINEL) {
                fail("byte " + (i - offset) + " relative to the offset was written with capacity " + capacity);
            }
        }
    }

    private static String describe(final Object value) {
        return Arrays.deepToString(new Object[] {value});
    }
}
