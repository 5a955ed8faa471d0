package io.ringflow.storage.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel is its five coordinates: equal when all are, distinct when any one differs. */
class ChannelDescriptorTest {
    @Test
    void shouldBeEqualExactlyWhenEveryCoordinateIs() {
        ChannelDescriptor channel = new ChannelDescriptor("map", 1, "sink", 2, 0);
        ChannelDescriptor same = new ChannelDescriptor(new String("map"), 1, new String("sink"), 2, 0);
        assertEquals(channel, same);
        assertEquals(channel.hashCode(), same.hashCode());
        for (ChannelDescriptor other : List.of(new ChannelDescriptor("maP", 1, "sink", 2, 0),
            new ChannelDescriptor("map", 0, "sink", 2, 0), new ChannelDescriptor("map", 1, "sinK", 2, 0),
            new ChannelDescriptor("map", 1, "sink", 1, 0), new ChannelDescriptor("map", 1, "sink", 2, 1),
            new ChannelDescriptor("sink", 1, "map", 2, 0))) {
            assertNotEquals(channel, other, other.toString());
        }
        assertNotEquals(channel, null);
        assertNotEquals(channel, "map#1 -> sink#2 (input 0)");
    }
}
