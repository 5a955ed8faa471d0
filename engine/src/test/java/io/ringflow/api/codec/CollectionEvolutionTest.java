package io.ringflow.api.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Restored bytes whose collections, maps or optionals hold an older layout of their elements. */
class CollectionEvolutionTest {
    enum Side { BUY, SELL }

    record LineV1(String sku) {
    }

    record Line(String sku, long qty) {
    }

    record OrderV1(long id, List<LineV1> lines, Map<String, Side> sides, Optional<LineV1> gift) {
    }

    record Order(long id, List<Line> lines, Map<String, Side> sides, Optional<Line> gift) {
    }

    /** Order without its collections. */
    record Slim(long id) {
    }

    @Test
    void shouldReadElementsOfAnOlderLayoutByName() {
        final OrderV1 old = new OrderV1(1, List.of(new LineV1("a"), new LineV1("b")), Map.of("x", Side.SELL),
            Optional.of(new LineV1("g")));
        final Codec<Order> reader = CodecCompatibility.readerFor(renamed(OrderV1.class, Order.class, LineV1.class, Line.class),
            Codecs.forClass(Order.class));
        assertEquals(new Order(1, List.of(new Line("a", 0), new Line("b", 0)), Map.of("x", Side.SELL),
            Optional.of(new Line("g", 0))), decodeOld(old, reader));
    }

    @Test
    void shouldMapEnumValuesOfAMapWrittenWithOtherOrdinals() {
        final OrderV1 old = new OrderV1(1, List.of(), Map.of("x", Side.SELL), Optional.empty());
        final String written = renamed(OrderV1.class, Order.class, LineV1.class, Line.class)
            .replace("(BUY, SELL)", "(SELL, BUY)");
        final Codec<Order> reader = CodecCompatibility.readerFor(written, Codecs.forClass(Order.class));
        assertEquals(Map.of("x", Side.BUY), decodeOld(old, reader).sides(), "ordinal 1 was BUY when written");
    }

    @Test
    void shouldSkipRemovedCollectionComponents() {
        final OrderV1 old = new OrderV1(9, List.of(new LineV1("a")), Map.of("x", Side.BUY), Optional.of(new LineV1("g")));
        final String written = Codecs.forClass(OrderV1.class).identity().replace(OrderV1.class.getName() + "(",
            Slim.class.getName() + "(");
        assertEquals(new Slim(9), decodeOld(old, CodecCompatibility.readerFor(written, Codecs.forClass(Slim.class))));
    }

    @Test
    void shouldRefuseAnElementTypeThatChanged() {
        final String written = Codecs.forClass(Order.class).identity().replace("java.util.List<record", "java.util.Set<record");
        assertThrows(IncompatibleCodecException.class, () -> CodecCompatibility.readerFor(written, Codecs.forClass(Order.class)));
    }

    /** The identity of {@code from} as if its classes had had the names of {@code to}'s. */
    private static String renamed(final Class<?> from, final Class<?> to, final Class<?> fromElement, final Class<?> toElement) {
        return Codecs.forClass(from).identity().replace(from.getName() + "(", to.getName() + "(")
            .replace(fromElement.getName() + "(", toElement.getName() + "(");
    }

    private static <T> T decodeOld(final OrderV1 old, final Codec<T> reader) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = Codecs.forClass(OrderV1.class).encode(old, buffer, 0, buffer.capacity());
        return reader.decode(buffer, 0, length);
    }
}
