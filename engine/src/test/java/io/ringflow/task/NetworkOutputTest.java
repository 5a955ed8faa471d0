package io.ringflow.task;

import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.BarrierMarker;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.graph.Partitioning;
import io.ringflow.state.KeyGroups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An output whose ring is full never blocks: what does not fit waits in the overdraft, and
 * records, watermarks, barriers and the end of input reach the consumer in the order they were emitted.
 */
class NetworkOutputTest {
    private static final int RING = 4;
    private final Channel channel = new Channel("a[0]->b[0]", RING, 32);
    private final Backpressure backpressure = TestTasks.backpressure();
    private final NetworkOutput<Long> output = new NetworkOutput<>(new Channel[] {channel}, Partitioning.FORWARD, null,
        Codecs.LONG, 128, 0, "test", backpressure);

    @AfterEach
    void freeRing() {
        channel.close();
    }

    @Test
    void shouldKeepRecordsBarriersAndTheEndInOrderBehindAFullRing() throws Exception {
        for (long value = 0; value < 10; value++) {
            output.collect(value, value);                   // returns though only 4 fit
        }
        output.emitBarrier(7, true);
        output.emitWatermark(100);
        output.collect(10L, 10);
        output.endOfInput();

        assertTrue(backpressure.isOverdrawn(), "the input must stop until the overdraft is drained");
        assertFalse(output.isDrained());
        assertEquals(0, output.minRemainingCapacity(), "no room while an overdraft waits, whatever the ring has");
        assertEquals(null, channel.peekBarrier(), "the barrier waits behind the records emitted before it");

        List<String> seen = new ArrayList<>();
        long barrierAfter = Long.MIN_VALUE;
        for (int round = 0; round < 20 && !(output.isDrained() && channel.consumedSequence() == channel.publishedSequence()); round++) {
            channel.poll((slot, sequence, endOfBatch) -> {
                int type = SlotDescriptor.type(channel.buffer().getInt(slot.offset() + SlotDescriptor.TYPE_OFFSET));
                long timestamp = channel.buffer().getLong(slot.offset() + SlotDescriptor.TIMESTAMP_OFFSET);
                seen.add(type == SlotDescriptor.TYPE_RECORD
                    ? String.valueOf(Codecs.LONG.decode(channel.buffer(), SlotDescriptor.payloadOffset(slot.offset()), 8))
                    : type == SlotDescriptor.TYPE_WATERMARK ? "wm" + timestamp : type == SlotDescriptor.TYPE_END_OF_INPUT ? "end" : "?");
                return true;
            });
            output.drainOverdrafts();
            BarrierMarker marker = channel.peekBarrier();
            if (marker != null && barrierAfter == Long.MIN_VALUE) {
                barrierAfter = marker.position();
                assertTrue(marker.unaligned());
                assertEquals(7, marker.checkpointId());
            }
        }

        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "wm100", "10", "end"), seen);
        assertEquals(9, barrierAfter, "the barrier sits right after record 9, the last emitted before it");
        assertTrue(output.isDrained());
    }

    @Test
    void shouldCarryEachHashRoutedRecordsKeyGroupInItsSlotAlsoThroughTheOverdraft() throws Exception {
        int maxParallelism = 128;
        Channel[] channels = {new Channel("a[0]->b[0]", RING, 32), new Channel("a[0]->b[1]", RING, 32)};
        NetworkOutput<Long> hashed = new NetworkOutput<>(channels, Partitioning.HASH, value -> value,
            Codecs.LONG, maxParallelism, 0, "test", backpressure);
        try {
            for (long value = 0; value < 40; value++) {
                hashed.collect(value, 0); // about 20 per channel into rings of 4: most go through an overdraft
            }
            int[] seen = {0};
            for (int round = 0; round < 40 && seen[0] < 40; round++) {
                for (int c = 0; c < channels.length; c++) {
                    Channel channel = channels[c];
                    int subtask = c;
                    channel.poll((slot, sequence, endOfBatch) -> {
                        int typeField = channel.buffer().getInt(slot.offset() + SlotDescriptor.TYPE_OFFSET);
                        long value = Codecs.LONG.decode(channel.buffer(), SlotDescriptor.payloadOffset(slot.offset()), 8);
                        int keyGroup = KeyGroups.assignToKeyGroup(value, maxParallelism);
                        assertEquals(SlotDescriptor.TYPE_RECORD, SlotDescriptor.type(typeField));
                        assertEquals(keyGroup, SlotDescriptor.keyGroup(typeField), "key group of " + value);
                        assertEquals(subtask, KeyGroups.subtaskForKeyGroup(maxParallelism, 2, keyGroup));
                        seen[0]++;
                        return true;
                    });
                }
                hashed.drainOverdrafts();
            }
            assertEquals(40, seen[0]);
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
        }
    }

    @Test
    void shouldCarryNoKeyGroupOnAForwardChannel() throws Exception {
        output.collect(5L, 0);
        channel.poll((slot, sequence, endOfBatch) -> {
            int typeField = channel.buffer().getInt(slot.offset() + SlotDescriptor.TYPE_OFFSET);
            assertEquals(SlotDescriptor.TYPE_RECORD, typeField, "the whole field is the type: no key group");
            assertEquals(SlotDescriptor.NO_KEY_GROUP, SlotDescriptor.keyGroup(typeField));
            return true;
        });
        assertEquals(0, channel.publishedSequence());
    }
}
