package io.ringflow.api.codec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecsTest {
    private record Pair(String key, long count) {
    }

    @Test
    void shouldMapBoxedAndPrimitiveClassesToTheSameCodec() {
        assertSame(Codecs.LONG, Codecs.forClass(Long.class));
        assertSame(Codecs.LONG, Codecs.forClass(long.class));
        assertSame(Codecs.INT, Codecs.forClass(int.class));
        assertSame(Codecs.SHORT, Codecs.forClass(short.class));
        assertSame(Codecs.BYTE, Codecs.forClass(byte.class));
        assertSame(Codecs.DOUBLE, Codecs.forClass(double.class));
        assertSame(Codecs.FLOAT, Codecs.forClass(float.class));
        assertSame(Codecs.BOOLEAN, Codecs.forClass(boolean.class));
        assertSame(Codecs.CHAR, Codecs.forClass(char.class));
        assertSame(Codecs.CHAR, Codecs.forClass(Character.class));
    }

    @Test
    void shouldMapStringsAndPrimitiveArrays() {
        assertSame(Codecs.STRING, Codecs.forClass(String.class));
        assertSame(Codecs.BYTE_ARRAY, Codecs.forClass(byte[].class));
        assertSame(Codecs.LONG_ARRAY, Codecs.forClass(long[].class));
        assertSame(Codecs.INT_ARRAY, Codecs.forClass(int[].class));
        assertSame(Codecs.DOUBLE_ARRAY, Codecs.forClass(double[].class));
    }

    @Test
    void shouldReportTheTypeEachCodecHandles() {
        assertEquals(Long.class, Codecs.LONG.type());
        assertEquals(Boolean.class, Codecs.BOOLEAN.type());
        assertEquals(int[].class, Codecs.INT_ARRAY.type());
        assertEquals(Pair.class, Codecs.forClass(Pair.class).type());
    }

    @Test
    void shouldThrowNamingTheTypeAndTheFixWhenThereIsNoCodec() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(List.class));
        assertTrue(e.getMessage().contains("java.util.List"), e.getMessage());
        assertTrue(e.getMessage().contains("Codecs.listOf"), e.getMessage());
        assertThrows(NoCodecException.class, () -> Codecs.forClass(String[].class));
        final NoCodecException object = assertThrows(NoCodecException.class, () -> Codecs.forClass(Object.class));
        assertTrue(object.getMessage().contains("implement Codec<Object>"), object.getMessage());
    }

    @Test
    void shouldFindNullWhereForClassWouldThrow() {
        assertNull(Codecs.find(List.class));
        assertNull(Codecs.find(Object.class));
        assertSame(Codecs.STRING, Codecs.find(String.class));
        assertSame(Codecs.forClass(Pair.class), Codecs.find(Pair.class));
    }
}
