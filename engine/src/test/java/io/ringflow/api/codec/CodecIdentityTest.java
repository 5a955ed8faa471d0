package io.ringflow.api.codec;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Codec identities are stored in snapshots: their form is a format, and only layouts that can be read are accepted. */
class CodecIdentityTest {
    record Leg(String venue, long qty) {
    }

    record Order(long id, Leg leg, double[] fills) {
    }

    /** Order with its components reordered, one removed (id) and one added (tag). */
    record OrderV2(double[] fills, Leg leg, int tag) {
    }

    @Test
    void shouldDescribeTypeAndLayout() {
        assertEquals("long", Codecs.forClass(long.class).identity());
        assertEquals("long", Codecs.LONG.identity(), "long and Long share one layout");
        assertEquals("long[]", Codecs.LONG_ARRAY.identity());
        assertEquals("java.lang.String", Codecs.STRING.identity());
        assertEquals("record " + Order.class.getName() + "(id:long, leg:record " + Leg.class.getName()
            + "(venue:java.lang.String, qty:long), fills:double[])", Codecs.forClass(Order.class).identity());
    }

    @Test
    void shouldReadTheSameIdentityWithTheCodecItself() {
        assertSame(Codecs.LONG_ARRAY, CodecCompatibility.readerFor("long[]", Codecs.LONG_ARRAY));
    }

    @Test
    void shouldRefuseAnotherType() {
        assertThrows(IncompatibleCodecException.class, () -> CodecCompatibility.readerFor("long[]", Codecs.DOUBLE_ARRAY));
        assertThrows(IncompatibleCodecException.class, () -> CodecCompatibility.readerFor("long[]", Codecs.forClass(Order.class)));
    }

    @Test
    void shouldReadComponentsByNameSkippingRemovedAndDefaultingAdded() {
        Codec<Order> v1 = Codecs.forClass(Order.class);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = v1.encode(new Order(7, new Leg("X", 3), new double[] {1.5}), buffer, 0, buffer.capacity());

        String written = v1.identity().replace(Order.class.getName() + "(", OrderV2.class.getName() + "(");
        Codec<OrderV2> reader = CodecCompatibility.readerFor(written, Codecs.forClass(OrderV2.class));
        OrderV2 read = reader.decode(buffer, 0, length);
        assertEquals(new Leg("X", 3), read.leg());
        assertEquals(1.5, read.fills()[0]);
        assertEquals(0, read.tag());
        assertEquals(Codecs.forClass(OrderV2.class).identity(), reader.identity(), "writes the current layout");
    }

    @Test
    void shouldNameTheComponentWhoseTypeChanged() {
        String written = "record " + Leg.class.getName() + "(venue:java.lang.String, qty:int)";
        IncompatibleCodecException e = assertThrows(IncompatibleCodecException.class,
            () -> CodecCompatibility.readerFor(written, Codecs.forClass(Leg.class)));
        assertTrue(e.getMessage().contains("component 'qty'") && e.getMessage().contains("from int to long"), e.getMessage());
    }
}
