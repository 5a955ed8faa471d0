package io.ringflow.api.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrayCodecsTest {
    @Test
    void shouldRoundTripByteArrays() {
        assertEquals(4, assertCodec(Codecs.BYTE_ARRAY, new byte[0]));
        assertEquals(4 + 4, assertCodec(Codecs.BYTE_ARRAY, new byte[] {0, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}));
    }

    @Test
    void shouldRoundTripLongArrays() {
        assertEquals(4, assertCodec(Codecs.LONG_ARRAY, new long[0]));
        assertEquals(4 + 3 * 8, assertCodec(Codecs.LONG_ARRAY, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}));
    }

    @Test
    void shouldRoundTripIntArrays() {
        assertEquals(4, assertCodec(Codecs.INT_ARRAY, new int[0]));
        assertEquals(4 + 3 * 4, assertCodec(Codecs.INT_ARRAY, new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}));
    }

    @Test
    void shouldRoundTripDoubleArraysKeepingNaNAndNegativeZero() {
        assertEquals(4, assertCodec(Codecs.DOUBLE_ARRAY, new double[0]));
        final double[] values = {Double.NaN, -0.0, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1.5};
        assertEquals(4 + 5 * 8, assertCodec(Codecs.DOUBLE_ARRAY, values));
        final UnsafeBuffer buffer = offHeap(64);
        final int length = Codecs.DOUBLE_ARRAY.encode(values, buffer, 0, 64);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Codecs.DOUBLE_ARRAY.decode(buffer, 0, length)[1]));
    }

    @Test
    void shouldCopyIntoIndependentArrays() {
        final long[] longs = {1, 2, 3};
        final long[] longCopy = Codecs.LONG_ARRAY.copy(longs);
        longs[0] = 99;
        assertNotSame(longs, longCopy);
        assertArrayEquals(new long[] {1, 2, 3}, longCopy);

        final byte[] bytes = {1};
        final byte[] byteCopy = Codecs.BYTE_ARRAY.copy(bytes);
        bytes[0] = 2;
        assertEquals(1, byteCopy[0]);

        final int[] ints = {1};
        final int[] intCopy = Codecs.INT_ARRAY.copy(ints);
        ints[0] = 2;
        assertEquals(1, intCopy[0]);

        final double[] doubles = {1.0};
        final double[] doubleCopy = Codecs.DOUBLE_ARRAY.copy(doubles);
        doubles[0] = 2.0;
        assertEquals(1.0, doubleCopy[0]);
        assertNull(Codecs.DOUBLE_ARRAY.copy(null));
    }

    @Test
    void shouldBeMutable() {
        assertFalse(Codecs.BYTE_ARRAY.isImmutable());
        assertFalse(Codecs.LONG_ARRAY.isImmutable());
        assertFalse(Codecs.INT_ARRAY.isImmutable());
        assertFalse(Codecs.DOUBLE_ARRAY.isImmutable());
    }

    @Test
    void shouldRejectNullAtTopLevelNamingTheType() {
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> Codecs.LONG_ARRAY.encode(null, offHeap(8), 0, 8));
        assertTrue(e.getMessage().contains("long[]"), e.getMessage());
    }
}
