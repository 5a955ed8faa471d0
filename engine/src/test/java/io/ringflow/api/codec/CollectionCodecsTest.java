package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectionCodecsTest {
    record Line(String sku, long qty) {
    }

    record Basket(List<Line> lines, Set<String> tags, Map<String, Long> prices, Optional<Line> gift) {
    }

    record Declared(ArrayList<Long> ids, HashMap<Integer, String> names, LinkedHashSet<Long> seen) {
    }

    record Nested(List<List<String>> rows, Map<String, Optional<Long>> sparse, List<int[]> arrays) {
    }

    record Counts(List<Long> counts) {
    }

    @Test
    void shouldRoundTripCollectionsOfRecordsAndValues() {
        final Codec<Basket> codec = Codecs.forClass(Basket.class);
        assertCodec(codec, new Basket(List.of(new Line("a", 1), new Line("b", 2)), Set.of("x"),
            Map.of("a", 10L, "b", 20L), Optional.of(new Line("g", 1))));
        assertCodec(codec, new Basket(List.of(), Set.of(), Map.of(), Optional.empty()));
        final int nulls = assertCodec(codec, new Basket(null, null, null, Optional.empty()));
        assertEquals(4 + 4 + 4 + 1, nulls, "a null collection is its -1 count; empty is one byte");
    }

    @Test
    void shouldDecodeIntoMutableCollectionsOfTheDeclaredTypes() {
        final Codec<Declared> codec = Codecs.forClass(Declared.class);
        final Declared value = new Declared(new ArrayList<>(List.of(3L, 1L)), new HashMap<>(Map.of(1, "one")),
            new LinkedHashSet<>(List.of(9L, 2L, 5L)));
        final Declared decoded = roundTrip(codec, value);
        assertEquals(value, decoded);
        assertEquals(List.of(9L, 2L, 5L), new ArrayList<>(decoded.seen()), "a set keeps the written order");
        decoded.ids().add(4L);
        assertInstanceOf(LinkedHashMap.class, decoded.names());
    }

    @Test
    void shouldNestCollectionsAndOptionals() {
        final Codec<Nested> codec = Codecs.forClass(Nested.class);
        final Map<String, Optional<Long>> sparse = new LinkedHashMap<>();
        sparse.put("a", Optional.of(1L));
        sparse.put("b", Optional.empty());
        final Nested value = new Nested(List.of(List.of("r", "s"), List.of()), sparse, List.of(new int[] {1, 2}));
        assertCodec(codec, value, (a, b) -> a.rows().equals(b.rows()) && a.sparse().equals(b.sparse())
            && Arrays.equals(a.arrays().get(0), b.arrays().get(0)));
    }

    @Test
    void shouldWriteNullElementsOnlyWhereTheirCodecWritesNull() {
        final List<String> strings = Arrays.asList("a", null);
        final Codec<List<String>> codec = Codecs.listOf(Codecs.STRING);
        assertEquals(strings, roundTrip(codec, strings));

        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> roundTrip(Codecs.forClass(Counts.class), new Counts(Arrays.asList(1L, null))));
        assertTrue(e.getMessage().contains("Counts.counts"), e.getMessage());
    }

    @Test
    void shouldRefuseANullOptionalNamingTheField() {
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> roundTrip(Codecs.forClass(Basket.class), new Basket(List.of(), Set.of(), Map.of(), null)));
        assertTrue(e.getMessage().contains("Basket.gift is null"), e.getMessage());
    }

    @Test
    void shouldDeepCopyCollectionsAndTheirMutableElements() {
        final Codec<Nested> codec = Codecs.forClass(Nested.class);
        assertFalse(codec.isImmutable());
        final Nested value = new Nested(new ArrayList<>(List.of(new ArrayList<>(List.of("r")))), Map.of(),
            List.of(new int[] {7}));
        final Nested copy = codec.copy(value);
        assertEquals(value.rows(), copy.rows());
        assertNotSame(value.rows().get(0), copy.rows().get(0));
        assertNotSame(value.arrays().get(0), copy.arrays().get(0));
        assertEquals(7, copy.arrays().get(0)[0]);
    }

    @Test
    void shouldDescribeElementLayoutsInTheIdentity() {
        assertEquals("record " + Counts.class.getName() + "(counts:java.util.List<long>)", Codecs.forClass(Counts.class).identity());
        assertEquals("java.util.Map<java.lang.String, java.util.Optional<int>>",
            Codecs.mapOf(Codecs.STRING, Codecs.optionalOf(Codecs.INT)).identity());
    }

    @Test
    void shouldFrameACustomElementCodecByItsLength() {
        final Codec<Set<Long>> codec = Codecs.setOf(new TwoBytes());
        assertCodec(codec, new LinkedHashSet<>(List.of(1L, 300L)));
        assertEquals("java.util.Set<length-prefixed two-bytes>", codec.identity());
    }

    @Test
    void shouldRefuseAnEncodeThatDoesNotFitAnywhereInTheElements() {
        final Codec<List<String>> codec = Codecs.listOf(Codecs.STRING);
        final MutableDirectBuffer buffer = offHeap(64);
        assertEquals(Codec.DOES_NOT_FIT, codec.encode(List.of("0123456789", "0123456789"), buffer, 0, 20));
        assertEquals(4 + 14 + 14, codec.encode(List.of("0123456789", "0123456789"), buffer, 0, 32));
    }

    private static <T> T roundTrip(final Codec<T> codec, final T value) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        return codec.decode(buffer, 0, codec.encode(value, buffer, 0, buffer.capacity()));
    }

    /** A custom codec whose bytes do not say their own length. */
    private static final class TwoBytes implements Codec<Long> {
        @Override
        public int encode(final Long value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
            if (capacity < 2) {
                return DOES_NOT_FIT;
            }
            buffer.putShort(offset, value.shortValue());
            return 2;
        }

        @Override
        public Long decode(final DirectBuffer buffer, final int offset, final int length) {
            return (long)buffer.getShort(offset);
        }

        @Override
        public Class<?> type() {
            return Long.class;
        }

        @Override
        public Long copy(final Long value) {
            return value;
        }

        @Override
        public String identity() {
            return "two-bytes";
        }
    }
}
