package io.ringflow.api.codec;

import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.OFFSET;
import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {
    private record Point(int x, int y) {
    }

    private record AllPrimitives(long l, int i, short s, byte b, double d, float f, boolean z, char c) {
    }

    private record Trade(long id, String symbol, double price, int quantity) {
    }

    private record Boxed(Long id, Double price) {
    }

    private record Fill(Trade trade, Point at, long[] sizes) {
        boolean sameAs(final Fill other) {
            return trade.equals(other.trade) && at.equals(other.at) && Arrays.equals(sizes, other.sizes);
        }
    }

    private record Empty() {
    }

    private record Tagged(long id, List<Object> tags) {
    }

    private record Outer(int version, Tagged inner) {
    }

    private record Node(long value, Node next) {
    }

    private record Box<T>(T value) {
    }

    @Test
    void shouldRoundTripAFixedLayoutRecordInItsComponentWidths() {
        assertEquals(8, assertCodec(Codecs.forClass(Point.class), new Point(-1, Integer.MAX_VALUE)));
        assertEquals(8 + 4 + 2 + 1 + 8 + 4 + 1 + 2, assertCodec(Codecs.forClass(AllPrimitives.class),
            new AllPrimitives(Long.MIN_VALUE, -7, Short.MAX_VALUE, (byte)-1, Double.NaN, -0.0f, true, '\u20ac')));
    }

    @Test
    void shouldLayOutComponentsInDeclarationOrder() {
        final UnsafeBuffer buffer = offHeap(OFFSET + 8);
        Codecs.forClass(Point.class).encode(new Point(3, 4), buffer, OFFSET, 8);
        assertEquals(3, buffer.getInt(OFFSET, CodecDescriptor.BYTE_ORDER));
        assertEquals(4, buffer.getInt(OFFSET + 4, CodecDescriptor.BYTE_ORDER));
    }

    @Test
    void shouldRoundTripVariableLengthRecords() {
        final Codec<Trade> codec = Codecs.forClass(Trade.class);
        assertEquals(8 + 4 + 4 + 8 + 4, assertCodec(codec, new Trade(42L, "AAPL", 189.5, 100)));
        assertCodec(codec, new Trade(0L, "", Double.NEGATIVE_INFINITY, 0));
        assertCodec(codec, new Trade(1L, "\u65e5\u672c\ud83d\ude00", 1.0, -1));
    }

    @Test
    void shouldRoundTripNestedRecordsWithArrays() {
        final Fill fill = new Fill(new Trade(7L, "MSFT", 410.25, 3), new Point(1, 2), new long[] {5, Long.MIN_VALUE});
        assertEquals(28 + 8 + 4 + 16, assertCodec(Codecs.forClass(Fill.class), fill, Fill::sameAs));
    }

    @Test
    void shouldCarryNullStringAndArrayComponentsAsNullLength() {
        assertEquals(8 + 4 + 8 + 4, assertCodec(Codecs.forClass(Trade.class), new Trade(1L, null, 2.0, 3)));
        final Fill fill = new Fill(new Trade(1L, null, 2.0, 3), new Point(0, 0), null);
        final Fill decoded = roundTrip(Codecs.forClass(Fill.class), fill);
        assertNull(decoded.sizes());
        assertNull(decoded.trade().symbol());
    }

    @Test
    void shouldRoundTripBoxedComponentsAndAnEmptyRecord() {
        assertEquals(16, assertCodec(Codecs.forClass(Boxed.class), new Boxed(Long.MAX_VALUE, Double.NaN)));
        assertEquals(0, assertCodec(Codecs.forClass(Empty.class), new Empty()));
    }

    @Test
    void shouldNameTheComponentWhenABoxedOrRecordComponentIsNull() {
        final UnsafeBuffer buffer = offHeap(64);
        final NullPointerException boxed = assertThrows(NullPointerException.class,
            () -> Codecs.forClass(Boxed.class).encode(new Boxed(1L, null), buffer, 0, 64));
        assertTrue(boxed.getMessage().contains("Boxed.price"), boxed.getMessage());

        final NullPointerException nested = assertThrows(NullPointerException.class,
            () -> Codecs.forClass(Fill.class).encode(new Fill(null, new Point(0, 0), null), buffer, 0, 64));
        assertTrue(nested.getMessage().contains("Fill.trade"), nested.getMessage());
    }

    @Test
    void shouldNameTheCodecTypeWhenTheRecordItselfIsNull() {
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> Codecs.forClass(Trade.class).encode(null, offHeap(64), 0, 64));
        assertTrue(e.getMessage().contains(Trade.class.getTypeName()), e.getMessage());
    }

    @Test
    void shouldNameTheComponentWithoutACodecAndTheFix() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Tagged.class));
        assertTrue(e.getMessage().contains("field Tagged.tags[]"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(e.getMessage().contains(".returns(codec)"), e.getMessage());
        assertEquals("Tagged.tags[]", e.field());
        assertSame(Tagged.class, e.type());
    }

    @Test
    void shouldNameTheNestedPathOfAComponentWithoutACodec() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Outer.class));
        assertTrue(e.getMessage().startsWith("No codec for " + Outer.class.getTypeName()), e.getMessage());
        assertTrue(e.getMessage().contains("field Outer.inner.tags[]"), e.getMessage());
    }

    @Test
    void shouldRefuseRecursiveAndGenericRecords() {
        final NoCodecException recursive = assertThrows(NoCodecException.class, () -> Codecs.forClass(Node.class));
        assertTrue(recursive.getMessage().contains("field Node.next"), recursive.getMessage());
        final NoCodecException generic = assertThrows(NoCodecException.class, () -> Codecs.forClass(Box.class));
        assertTrue(generic.getMessage().contains("field Box.value: its type T"), generic.getMessage());
    }

    @Test
    void shouldShareImmutableRecordsAndDeepCopyRecordsWithArrays() {
        final Codec<Trade> trades = Codecs.forClass(Trade.class);
        final Trade trade = new Trade(1L, "X", 1.0, 1);
        assertTrue(trades.isImmutable());
        assertSame(trade, trades.copy(trade));

        final Codec<Fill> fills = Codecs.forClass(Fill.class);
        final Fill fill = new Fill(trade, new Point(1, 1), new long[] {1, 2});
        final Fill copy = fills.copy(fill);
        fill.sizes()[0] = 99;
        assertFalse(fills.isImmutable());
        assertNotSame(fill, copy);
        assertSame(trade, copy.trade());
        assertArrayEquals(new long[] {1, 2}, copy.sizes());
    }

    @Test
    void shouldBuildOneCodecPerRecordClass() {
        assertSame(Codecs.forClass(Trade.class), Codecs.forClass(Trade.class));
        assertEquals(Trade.class, Codecs.forClass(Trade.class).type());
    }

    private static <T> T roundTrip(final Codec<T> codec, final T value) {
        final UnsafeBuffer buffer = offHeap(256);
        final int length = codec.encode(value, buffer, 0, 256);
        return codec.decode(buffer, 0, length);
    }
}
