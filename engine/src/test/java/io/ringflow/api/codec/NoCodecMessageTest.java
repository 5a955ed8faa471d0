package io.ringflow.api.codec;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A type without a codec: the message names the type, the path of the field at fault, and one fix. */
class NoCodecMessageTest {
    record Price(Object amount) {
    }

    record Line(String sku, Price price) {
    }

    record Order(long id, List<Line> lines) {
    }

    record Prices(Map<String, List<Thread>> byVenue) {
    }

    record Raw(@SuppressWarnings("rawtypes") List items) {
    }

    @Test
    void shouldNameTheTypeTheFieldPathAndOneFix() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Order.class));
        final String message = e.getMessage();
        assertTrue(message.startsWith("No codec for " + Order.class.getTypeName() + ": field Order.lines[].price.amount: "),
            message);
        assertTrue(message.contains("java.lang.Object"), message);
        assertEquals(Order.class, e.type());
        assertEquals("Order.lines[].price.amount", e.field());
        assertEquals(1, occurrences(message, "returns"), "one fix: " + message);
        assertEquals(1, occurrences(message, "implement Codec<Order>"), message);
        assertTrue(message.startsWith(e.problem()) && !e.problem().contains("returns"), e.problem());
    }

    @Test
    void shouldNameMapKeysAndValuesInThePath() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Prices.class));
        assertEquals("Prices.byVenue{value}[]", e.field());
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void shouldAskForTheElementTypeOfARawCollection() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Raw.class));
        assertEquals("Raw.items", e.field());
        assertTrue(e.getMessage().contains("type arguments"), e.getMessage());
    }

    @Test
    void shouldPointACollectionClassToTheCodecFactories() {
        final NoCodecException e = assertThrows(NoCodecException.class, () -> Codecs.forClass(Map.class));
        assertEquals(1, occurrences(e.getMessage(), "Codecs.listOf"), e.getMessage());
        assertEquals(0, occurrences(e.getMessage(), "returns"), "one fix: " + e.getMessage());
    }

    private static int occurrences(final String text, final String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
