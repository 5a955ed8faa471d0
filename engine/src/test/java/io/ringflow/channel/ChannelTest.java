package io.ringflow.channel;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTest {
    /** What a poll saw of one slot. */
    private record Seen(int type, long timestamp, String record) {
    }

    private static List<Seen> drain(Channel channel, Codec<String> codec) throws Exception {
        List<Seen> seen = new ArrayList<>();
        channel.poll((slot, sequence, endOfBatch) -> {
            int offset = slot.offset();
            int type = SlotDescriptor.type(channel.buffer().getInt(offset + SlotDescriptor.TYPE_OFFSET));
            long timestamp = channel.buffer().getLong(offset + SlotDescriptor.TIMESTAMP_OFFSET);
            int length = channel.buffer().getInt(offset + SlotDescriptor.LENGTH_OFFSET);
            String record = type == SlotDescriptor.TYPE_RECORD
                ? codec.decode(channel.buffer(), SlotDescriptor.payloadOffset(offset), length) : null;
            seen.add(new Seen(type, timestamp, record));
            return true;
        });
        return seen;
    }

    @Test
    void shouldDeliverRecordsAndEventsInWriteOrder() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", 8, 64)) {
            assertTrue(channel.tryWriteRecord("first", 10L, Codecs.STRING, "test"));
            assertTrue(channel.tryWriteEvent(SlotDescriptor.TYPE_WATERMARK, 9L));
            assertTrue(channel.tryWriteRecord("", SlotDescriptor.NO_TIMESTAMP, Codecs.STRING, "test"));
            assertTrue(channel.tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP));

            assertEquals(List.of(
                new Seen(SlotDescriptor.TYPE_RECORD, 10L, "first"),
                new Seen(SlotDescriptor.TYPE_WATERMARK, 9L, null),
                new Seen(SlotDescriptor.TYPE_RECORD, SlotDescriptor.NO_TIMESTAMP, ""),
                new Seen(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP, null)), drain(channel, Codecs.STRING));
            assertEquals(channel.publishedSequence(), channel.consumedSequence());
        }
    }

    @Test
    void shouldReuseSlotsAcrossManyWraps() throws Exception {
        try (Channel channel = new Channel("wrap", 4, 64)) {
            List<String> received = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(channel.tryWriteRecord("r" + round + "-" + i, round, Codecs.STRING, "test"));
                }
                drain(channel, Codecs.STRING).forEach(seen -> received.add(seen.record()));
            }
            assertEquals(30, received.size());
            assertEquals("r0-0", received.get(0));
            assertEquals("r9-2", received.get(29));
        }
    }

    @Test
    void shouldReportFullRingWithoutWriting() throws Exception {
        try (Channel channel = new Channel("full", 4, 64)) {
            for (long i = 0; i < 4; i++) {
                assertTrue(channel.tryWriteRecord(i, i, Codecs.LONG, "test"));
            }
            assertEquals(0, channel.remainingCapacity());
            assertFalse(channel.tryWriteRecord(4L, 4, Codecs.LONG, "test"));
            assertFalse(channel.tryWriteEvent(SlotDescriptor.TYPE_WATERMARK, 4));

            int[] polled = {0};
            channel.poll((slot, sequence, endOfBatch) -> ++polled[0] < 1);
            assertEquals(1, polled[0]);
            assertEquals(1, channel.remainingCapacity());
            assertTrue(channel.tryWriteRecord(4L, 4, Codecs.LONG, "test"));
            assertFalse(channel.tryWriteRecord(5L, 5, Codecs.LONG, "test"));
        }
    }

    @Test
    void shouldRejectRecordLargerThanTheMaximumNamingSizeAndFix() {
        try (Channel channel = new Channel("small", 4, 32, 64)) {
            String large = "x".repeat(100);
            RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
                () -> channel.tryWriteRecord(large, 0, Codecs.STRING, "'Map' (node 2)"));
            assertTrue(e.getMessage().contains("104 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("'Map' (node 2)"), e.getMessage());
            assertTrue(e.getMessage().contains("16 payload bytes of a 32-byte slot"), e.getMessage());
            assertTrue(e.getMessage().contains("largest record a ring takes (64 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("setMaxRecordSize(128) or config key ringflow.channel.max-record-size"),
                e.getMessage());
        }
    }

    /**
     * Two unaligned checkpoints in a row may hold the same channel: the first one's copy ends on
     * the writer thread while the second's is still pending. Each hold protects its own slots
     * until it is released, whatever the other does.
     */
    @Test
    void shouldKeepEachInFlightHoldUntilItIsReleased() throws Exception {
        try (Channel channel = new Channel("held", 4, 64)) {
            assertTrue(channel.tryWriteRecord("r0", 0, Codecs.STRING, "test"));
            assertTrue(channel.tryWriteRecord("r1", 1, Codecs.STRING, "test"));
            channel.holdInFlightFrom(-1); // checkpoint n: slots 0 and 1 are in flight
            assertEquals(2, drain(channel, Codecs.STRING).size());
            assertTrue(channel.tryWriteRecord("r2", 2, Codecs.STRING, "test"));
            assertTrue(channel.tryWriteRecord("r3", 3, Codecs.STRING, "test"));
            channel.holdInFlightFrom(1); // checkpoint n+1: slots 2 and 3 are in flight
            assertEquals(2, drain(channel, Codecs.STRING).size());
            assertEquals(0, channel.remainingCapacity(), "slots 0..3 held by the two checkpoints");

            channel.releaseInFlight(-1); // n written
            assertEquals(2, channel.remainingCapacity(), "slots 2 and 3 still held for checkpoint n+1");
            channel.releaseInFlight(1);
            assertEquals(4, channel.remainingCapacity());
        }
    }

    @Test
    void shouldFreeOffHeapMemoryOnCloseOnce() {
        long before = OffHeapMemory.allocatedBytes();
        Channel channel = new Channel("mem", 16, 64);
        assertEquals(before + 16 * 64 + OffHeapMemory.CACHE_LINE, OffHeapMemory.allocatedBytes());
        assertEquals(0, channel.buffer().addressOffset() % OffHeapMemory.CACHE_LINE, "slots start on a cache line");
        assertEquals(16 * 64, channel.buffer().capacity());
        channel.close();
        assertEquals(before, OffHeapMemory.allocatedBytes());
        channel.close();
        assertEquals(before, OffHeapMemory.allocatedBytes());
    }

    @Test
    void shouldRejectBadGeometry() {
        long before = OffHeapMemory.allocatedBytes();
        assertThrows(IllegalArgumentException.class, () -> new Channel("odd ring", 12, 64));
        assertThrows(IllegalArgumentException.class, () -> new Channel("tiny slot", 16, 16));
        assertThrows(IllegalArgumentException.class, () -> new Channel("unaligned slot", 16, 60));
        assertEquals(before, OffHeapMemory.allocatedBytes());
    }
    /** A record too large for its slot was claimed, then refused: the claim cannot be undone, so the slot must not show its old bytes. */
    @Test
    void shouldNeverExposeAStaleSlotAfterARecordTooLarge() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", 2, 32, 64)) {
            List<Integer> types = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            assertTrue(channel.tryWriteRecord(7L, 0, Codecs.LONG, "test"));
            assertTrue(channel.tryWriteRecord(8L, 0, Codecs.LONG, "test"));
            channel.poll((slot, sequence, endOfBatch) -> true);
            assertThrows(RecordTooLargeException.class, () -> channel.tryWriteRecord("x".repeat(100), 0, Codecs.STRING, "test"));
            assertTrue(channel.tryWriteRecord(9L, 0, Codecs.LONG, "test"), "the caught error leaves the channel usable");
            channel.poll((slot, sequence, endOfBatch) -> {
                int type = SlotDescriptor.type(channel.buffer().getInt(slot.offset() + SlotDescriptor.TYPE_OFFSET));
                types.add(type);
                if (type == SlotDescriptor.TYPE_RECORD) {
                    values.add(Codecs.LONG.decode(channel.buffer(), SlotDescriptor.payloadOffset(slot.offset()), 8));
                }
                return true;
            });
            assertEquals(List.of(SlotDescriptor.TYPE_EMPTY, SlotDescriptor.TYPE_RECORD), types);
            assertEquals(List.of(9L), values, "record 7 of the refused slot's previous turn is not seen again");
        }
    }

    /** A consumer stuck in user code while checkpoints expire: every barrier sent meanwhile stays queued, in order. */
    @Test
    void shouldQueueEveryBarrierMarkerWhileTheConsumerReadsNone() {
        try (Channel channel = new Channel("stuck", 4, 64)) {
            int markers = 1_000; // far beyond the 64 a queue first holds
            for (long id = 1; id <= markers; id++) {
                channel.emitBarrier(id, id % 2 == 0);
            }
            assertEquals(markers, channel.markerTail() - channel.markerHead());
            for (long id = 1; id <= markers; id++) {
                assertEquals(id, channel.marker(channel.markerHead() + id - 1).checkpointId(), "looked at in place");
            }
            for (long id = 1; id <= markers; id++) {
                BarrierMarker marker = channel.pollBarrier();
                assertEquals(id, marker.checkpointId());
                assertEquals(id % 2 == 0, marker.unaligned());
            }
            assertEquals(null, channel.pollBarrier());
        }
    }

    /** The queue grows on the producer's thread while the consumer reads on its own: nothing lost, nothing twice. */
    @Test
    void shouldHandEveryMarkerOverOnceWhileTheQueueGrowsUnderAConsumer() throws Exception {
        try (Channel channel = new Channel("growing", 4, 64)) {
            int markers = 200_000;
            Thread producer = new Thread(() -> {
                for (long id = 1; id <= markers; id++) {
                    channel.emitBarrier(id, false);
                    if (id % 5_000 == 0) {
                        Thread.yield(); // lets the consumer fall behind and catch up, so the queue grows several times
                    }
                }
            }, "ringflow-test-marker-producer");
            producer.start();
            long expected = 1;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (expected <= markers && System.nanoTime() < deadline) {
                long tail = Math.min(channel.markerTail(), channel.markerHead() + 64);
                for (long index = channel.markerHead(); index < tail; index++) {
                    assertEquals(expected + index - channel.markerHead(), channel.marker(index).checkpointId());
                }
                BarrierMarker marker = channel.pollBarrier();
                if (marker != null) {
                    assertEquals(expected, marker.checkpointId(), "markers in the order they were placed");
                    expected++;
                }
            }
            producer.join(10_000);
            assertEquals(markers + 1, expected, "every marker taken once");
            assertEquals(null, channel.pollBarrier());
        }
    }
}
