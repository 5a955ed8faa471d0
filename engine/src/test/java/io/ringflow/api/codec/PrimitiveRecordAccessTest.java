package io.ringflow.api.codec;


import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The generated access of a record of primitives writes and reads exactly what the method-handle codec does. */
class PrimitiveRecordAccessTest {
    private record AllPrimitives(long l, int i, short s, byte b, double d, float f, boolean z, char c) {
    }

    private record WithString(long id, String name) {
    }

    private record Boxed(Long id) {
    }

    private static final AllPrimitives SAMPLE = new AllPrimitives(Long.MIN_VALUE + 7, -123_456, (short) -2, (byte) -3,
        -0.0 / 3 + Math.PI, Float.NaN, true, 'ß');

    /** The record codec of a private record of all eight primitives uses a generated access, once per class. */
    @Test
    void shouldGenerateOneAccessPerRecordOfPrimitives() {
        PrimitiveRecordAccess access = PrimitiveRecordAccess.of(AllPrimitives.class);
        assertNotNull(access, "a private nested record of primitives gets an access");
        assertSame(access, PrimitiveRecordAccess.of(AllPrimitives.class), "generated once per class");
        assertSame(AllPrimitives.class.getClassLoader(), access.getClass().getClassLoader(), "defined beside the record");
        assertSame(AllPrimitives.class.getNestHost(), access.getClass().getNestHost(), "a nestmate: private members are reachable");
        assertNull(PrimitiveRecordAccess.of(WithString.class), "a String component keeps the handles");
        assertNull(PrimitiveRecordAccess.of(Boxed.class), "a boxed component keeps the handles (null checks)");
    }

    /** Byte for byte the layout the handles write: a stored record reads back the same either way. */
    @Test
    void shouldWriteAndReadTheLayoutOfTheHandleCodec() throws Throwable {
        RecordCodec<AllPrimitives> codec = RecordCodecs.of(AllPrimitives.class);
        int length = codec.fixedLength();
        UnsafeBuffer generated = new UnsafeBuffer(new byte[length + 16]);
        PrimitiveRecordAccess.of(AllPrimitives.class).write(SAMPLE, generated, 8);
        UnsafeBuffer byHand = new UnsafeBuffer(new byte[length + 16]);
        writeWithHandles(SAMPLE, byHand, 8);
        assertArrayEquals(byHand.byteArray(), generated.byteArray());
        assertEquals(SAMPLE, codec.decode(byHand, 8, length));
        assertEquals(SAMPLE, PrimitiveRecordAccess.of(AllPrimitives.class).read(generated, 8));
    }

    /** A stored boolean is true for any non-zero byte, as the boxed codec reads it. */
    @Test
    void shouldReadAnyNonZeroByteAsTrue() {
        RecordCodec<AllPrimitives> codec = RecordCodecs.of(AllPrimitives.class);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[codec.fixedLength()]);
        int booleanOffset = 8 + 4 + 2 + 1 + 8 + 4;
        for (int stored : new int[] {0, 1, 2, 0x80, 0xFF}) {
            buffer.putByte(booleanOffset, (byte) stored);
            assertEquals(stored != 0, codec.decode(buffer, 0, codec.fixedLength()).z(), "byte " + stored);
        }
    }

    /** The boxed primitive codecs, one component after another: the layout the generated class must match. */
    private static void writeWithHandles(AllPrimitives r, UnsafeBuffer buffer, int offset) {
        int o = offset;
        for (Object value : new Object[] {r.l(), r.i(), r.s(), r.b(), r.d(), r.f(), r.z(), r.c()}) {
            @SuppressWarnings("unchecked")
            Codec<Object> codec = (Codec<Object>) Codecs.forClass(value.getClass());
            o += codec.encode(value, buffer, o, buffer.capacity() - o);
        }
    }
}
