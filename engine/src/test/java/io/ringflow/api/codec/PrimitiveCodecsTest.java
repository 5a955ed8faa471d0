package io.ringflow.api.codec;

import java.nio.ByteOrder;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ringflow.api.codec.CodecAssertions.OFFSET;
import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PrimitiveCodecsTest {
    static Stream<Arguments> edgeValues() {
        return Stream.of(
            arguments(Codecs.LONG, 8, new Object[] {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE}),
            arguments(Codecs.INT, 4, new Object[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}),
            arguments(Codecs.SHORT, 2, new Object[] {(short)0, Short.MIN_VALUE, Short.MAX_VALUE}),
            arguments(Codecs.BYTE, 1, new Object[] {(byte)0, Byte.MIN_VALUE, Byte.MAX_VALUE}),
            arguments(Codecs.DOUBLE, 8, new Object[] {0.0, -0.0, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}),
            arguments(Codecs.FLOAT, 4, new Object[] {0.0f, -0.0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE,
                Float.NEGATIVE_INFINITY}),
            arguments(Codecs.BOOLEAN, 1, new Object[] {true, false}),
            arguments(Codecs.CHAR, 2, new Object[] {'a', '\0', '\u20ac', Character.MAX_VALUE, '\ud834'}));
    }

    @ParameterizedTest
    @MethodSource("edgeValues")
    @SuppressWarnings("unchecked")
    void shouldRoundTripEdgeValuesInTheirWidth(final Codec<Object> codec, final int width, final Object[] values) {
        for (final Object value : values) {
            // Boxed equals tells -0.0 from 0.0 and treats NaN as equal to itself.
            assertEquals(width, assertCodec(codec, value, Object::equals), () -> "width of " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("edgeValues")
    void shouldBeImmutableAndCopyByIdentity(final Codec<Object> codec, final int width, final Object[] values) {
        assertTrue(codec.isImmutable());
        assertSame(values[0], codec.copy(values[0]));
    }

    @ParameterizedTest
    @MethodSource("edgeValues")
    void shouldRejectNullNamingTheType(final Codec<Object> codec, final int width, final Object[] values) {
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> codec.encode(null, offHeap(16), 0, 16));
        assertTrue(e.getMessage().contains(codec.type().getName()), e.getMessage());
    }

    @Test
    void shouldKeepNaNPayloadBits() {
        final UnsafeBuffer buffer = offHeap(32);
        final double oddNaN = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
        Codecs.DOUBLE.encode(oddNaN, buffer, 0, 8);
        assertEquals(0x7ff8_0000_0000_0001L, Double.doubleToRawLongBits(Codecs.DOUBLE.decode(buffer, 0, 8)));

        final float oddFloatNaN = Float.intBitsToFloat(0x7fc0_0001);
        Codecs.FLOAT.encode(oddFloatNaN, buffer, 8, 4);
        assertEquals(0x7fc0_0001, Float.floatToRawIntBits(Codecs.FLOAT.decode(buffer, 8, 4)));
    }

    @Test
    void shouldWriteLittleEndian() {
        final UnsafeBuffer buffer = offHeap(OFFSET + 16);
        Codecs.LONG.encode(0x0102_0304_0506_0708L, buffer, OFFSET, 8);
        assertEquals(0x08, buffer.getByte(OFFSET));
        assertEquals(0x0102_0304_0506_0708L, buffer.getLong(OFFSET, ByteOrder.LITTLE_ENDIAN));
        Codecs.CHAR.encode('\u0102', buffer, OFFSET, 2);
        assertEquals(0x02, buffer.getByte(OFFSET));
    }

    @Test
    void shouldWriteBooleanAsZeroOrOne() {
        final UnsafeBuffer buffer = offHeap(2);
        Codecs.BOOLEAN.encode(true, buffer, 0, 1);
        Codecs.BOOLEAN.encode(false, buffer, 1, 1);
        assertEquals(1, buffer.getByte(0));
        assertEquals(0, buffer.getByte(1));
    }
}
