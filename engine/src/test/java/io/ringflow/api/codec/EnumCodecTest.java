package io.ringflow.api.codec;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnumCodecTest {
    enum Side { BUY, SELL, SHORT }

    /** A constant with a body has a class of its own. */
    enum Op {
        ADD { long apply(long a) { return a + 1; } },
        NEGATE { long apply(long a) { return -a; } };

        abstract long apply(long a);
    }

    record Quote(long px, Side side) {
    }

    @Test
    void shouldRoundTripEveryConstantAsItsOrdinal() {
        final Codec<Side> codec = Codecs.forClass(Side.class);
        for (final Side side : Side.values()) {
            assertEquals(4, assertCodec(codec, side));
        }
        assertTrue(codec.isImmutable());
        assertSame(Side.SELL, codec.copy(Side.SELL));
    }

    @Test
    void shouldFindTheEnumOfAConstantWithABody() {
        final Codec<Op> codec = Codecs.forClass(Op.class);
        assertCodec(codec, Op.NEGATE);
        assertEquals(Op.class, Codecs.forClass(Op.NEGATE.getClass()).type());
    }

    @Test
    void shouldWriteANullComponentAndKeepARecordFixedWidth() {
        final Codec<Quote> codec = Codecs.forClass(Quote.class);
        assertEquals(12, assertCodec(codec, new Quote(5, Side.SHORT)));
        assertNull(roundTrip(codec, new Quote(5, null)).side());
    }

    @Test
    void shouldNameTheConstantsInTheIdentity() {
        assertEquals("enum " + Side.class.getName() + "(BUY, SELL, SHORT)", Codecs.forClass(Side.class).identity());
    }

    @Test
    void shouldReadConstantsByNameAfterTheyWereReordered() {
        final Codec<Side> codec = Codecs.forClass(Side.class);
        final String written = "enum " + Side.class.getName() + "(SHORT, SELL)";
        final Codec<Side> reader = CodecCompatibility.readerFor(written, codec);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        buffer.putInt(0, 0, CodecDescriptor.BYTE_ORDER); // ordinal 0 was SHORT
        assertSame(Side.SHORT, reader.decode(buffer, 0, 4));
        buffer.putInt(0, 1, CodecDescriptor.BYTE_ORDER);
        assertSame(Side.SELL, reader.decode(buffer, 0, 4));
        assertEquals(codec.identity(), reader.identity(), "writes the current layout");
    }

    @Test
    void shouldRefuseARestoreWhenAWrittenConstantIsGone() {
        final String written = "enum " + Side.class.getName() + "(BUY, SELL, COVER)";
        final IncompatibleCodecException e = assertThrows(IncompatibleCodecException.class,
            () -> CodecCompatibility.readerFor(written, Codecs.forClass(Side.class)));
        assertTrue(e.getMessage().contains("COVER"), e.getMessage());
    }

    @Test
    void shouldMapTheConstantsOfAnEnumComponentOfARestoredRecord() {
        final String written = "record " + Quote.class.getName() + "(px:long, side:enum " + Side.class.getName()
            + "(SELL, BUY))";
        final Codec<Quote> reader = CodecCompatibility.readerFor(written, Codecs.forClass(Quote.class));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        buffer.putLong(0, 9, CodecDescriptor.BYTE_ORDER);
        buffer.putInt(8, 0, CodecDescriptor.BYTE_ORDER);
        assertEquals(new Quote(9, Side.SELL), reader.decode(buffer, 0, 12));
    }

    private static <T> T roundTrip(final Codec<T> codec, final T value) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        return codec.decode(buffer, 0, codec.encode(value, buffer, 0, buffer.capacity()));
    }
}
