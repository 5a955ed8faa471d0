package io.ringflow.channel;

import io.ringflow.api.codec.Codecs;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records larger than a slot through one ring of 16 slots of 32 bytes (16 payload bytes, 256 in
 * all). A string of {@code n} characters encodes to {@code n + 4} bytes.
 */
class FragmentedRecordTest {
    private static final int RING = 16;
    private static final int SLOT = 32;

    /** The records a poll sees, reassembled, without the markers of empty slots. */
    static List<String> drainRecords(Channel channel) throws Exception {
        List<String> records = new ArrayList<>(drain(channel));
        records.removeIf(seen -> seen.startsWith("type "));
        return records;
    }

    /** Decodes what a poll sees, reassembling records that span slots, and checks each fragment's place. */
    private static List<String> drain(Channel channel) throws Exception {
        List<String> seen = new ArrayList<>();
        ExpandableArrayBuffer reassembly = new ExpandableArrayBuffer(0);
        int[] expectedFragment = {0};
        channel.poll((slot, sequence, endOfBatch) -> {
            int offset = slot.offset();
            int type = SlotDescriptor.type(channel.buffer().getInt(offset + SlotDescriptor.TYPE_OFFSET));
            int length = channel.buffer().getInt(offset + SlotDescriptor.LENGTH_OFFSET);
            long timestamp = channel.buffer().getLong(offset + SlotDescriptor.TIMESTAMP_OFFSET);
            if (type == SlotDescriptor.TYPE_RECORD) {
                seen.add(Codecs.STRING.decode(channel.buffer(), SlotDescriptor.payloadOffset(offset), length));
            } else if (type == SlotDescriptor.TYPE_RECORD_FIRST || type == SlotDescriptor.TYPE_RECORD_REF) {
                int copied = channel.copyFragmented(sequence, reassembly, 0);
                seen.add(Codecs.STRING.decode(reassembly, 0, copied));
                expectedFragment[0] = type == SlotDescriptor.TYPE_RECORD_FIRST ? 1 : 0;
            } else if (type == SlotDescriptor.TYPE_FRAGMENT) {
                assertEquals(expectedFragment[0]++, timestamp, "fragment index at sequence " + sequence);
            } else {
                seen.add("type " + type);
            }
            return true;
        });
        return seen;
    }

    @Test
    void shouldCarryRecordsOfEverySizeUpToTheWholeRingAndAcrossItsEnd() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", RING, SLOT)) {
            assertEquals(Channel.DEFAULT_MAX_RECORD_SIZE, channel.maxRecordSize(), "the default is 1 MB");
            String fits = "x".repeat(12);              // 16 bytes: one slot
            String justOver = "y".repeat(13);          // 17 bytes: two slots
            String many = "z".repeat(100);             // 104 bytes: seven slots
            String whole = "w".repeat(252);            // 256 bytes: every slot of the ring
            for (int round = 0; round < 5; round++) {  // each round starts 3 slots further: records wrap
                long before = channel.publishedSequence();
                assertTrue(channel.tryWriteRecord(fits, 1, Codecs.STRING, "test"));
                assertTrue(channel.tryWriteRecord(justOver, 2, Codecs.STRING, "test"));
                assertEquals(before + 3, channel.publishedSequence(), "both slots of a record published at once");
                assertTrue(channel.tryWriteRecord(many, 3, Codecs.STRING, "test"));
                assertEquals(before + 10, channel.publishedSequence());
                assertEquals(List.of(fits, justOver, many), drain(channel));
                assertTrue(channel.tryWriteRecord(whole, 4, Codecs.STRING, "test"));
                assertEquals(0, channel.remainingCapacity());
                assertEquals(List.of(whole), drain(channel));
            }
            assertTrue(channel.publishedSequence() > 4 * RING, "the records crossed the ring's end several times");
        }
    }

    /**
     * A producer and a consumer thread: the consumer must never see a slot of a record before all
     * of them are written, whether the record went straight into the ring or through the overdraft.
     */
    @Test
    void shouldNeverShowAConsumerThreadPartOfARecord() throws Exception {
        int records = 40_000;
        try (Channel channel = new Channel("a[0]->b[0]", RING, SLOT)) {
            Thread producer = new Thread(() -> {
                Overdraft overdraft = new Overdraft(channel);
                for (int i = 0; i < records; i++) {
                    String record = sized(i);
                    if (!overdraft.isEmpty() || !channel.tryWriteRecord(record, i, Codecs.STRING, "test")) {
                        overdraft.appendRecord(record, i, Codecs.STRING, "test");
                    }
                    while (!overdraft.isEmpty()) {
                        overdraft.drain();
                        Thread.onSpinWait();
                    }
                }
            }, "producer");
            producer.start();
            List<String> wrong = new ArrayList<>();
            int[] next = {0};
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (next[0] < records && wrong.isEmpty() && System.nanoTime() < deadline) {
                for (String seen : drain(channel)) {
                    if (!seen.equals("type " + SlotDescriptor.TYPE_EMPTY) && !seen.equals(sized(next[0]++))) {
                        wrong.add("record " + (next[0] - 1) + ": " + seen);
                    }
                }
            }
            producer.join(30_000);
            assertEquals(List.of(), wrong);
            assertEquals(records, next[0]);
        }
    }

    /** Sizes from one slot to the whole ring; the record's number leads, so a stale slot shows. */
    private static String sized(int i) {
        int length = new int[] {12, 13, 40, 100, 252}[i % 5];
        String number = Integer.toString(i);
        return number + "-".repeat(length - number.length());
    }

    /** A record of n slots waits for n free ones: a partial claim would expose half a record. */
    @Test
    void shouldWaitForAllOfARecordsSlotsInTheOverdraft() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", RING, SLOT)) {
            for (long i = 0; i < 10; i++) {
                assertTrue(channel.tryWriteRecord(Long.toString(i), i, Codecs.STRING, "test"));
            }
            String many = "z".repeat(100);
            assertFalse(channel.tryWriteRecord(many, 3, Codecs.STRING, "test"), "7 slots needed, 6 free");
            assertEquals(10, channel.publishedSequence(), "only the slot claimed before the size was known went out, empty");

            Overdraft overdraft = new Overdraft(channel);
            overdraft.appendRecord(many, 3, Codecs.STRING, "test");
            assertEquals(7, overdraft.slots());
            assertEquals(0, overdraft.drain(), "5 free slots are not enough");
            assertEquals(11, drain(channel).size(), "ten records and the empty slot");
            assertEquals(1, overdraft.drain());
            assertEquals(17, channel.publishedSequence());
            assertEquals(List.of(many), drain(channel));
            assertEquals(0, overdraft.slots());
        }
    }

    @Test
    void shouldRejectARecordAboveTheMaximumNamingTheOption() throws Exception {
        try (Channel channel = new Channel("small", RING, SLOT, 100)) {
            String tooLarge = "x".repeat(97); // 101 bytes
            RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
                () -> channel.tryWriteRecord(tooLarge, 0, Codecs.STRING, "'Map' (node 2)"));
            assertTrue(e.getMessage().contains("record of 101 bytes emitted by 'Map' (node 2)"), e.getMessage());
            assertTrue(e.getMessage().contains("largest record a ring takes (100 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("ringflow.channel.max-record-size"), e.getMessage());
            assertThrows(RecordTooLargeException.class,
                () -> new Overdraft(channel).appendRecord(tooLarge, 0, Codecs.STRING, "test"));

            String largest = "x".repeat(96);
            assertTrue(channel.tryWriteRecord(largest, 0, Codecs.STRING, "test"), "the maximum itself is taken");
            assertEquals(List.of("type " + SlotDescriptor.TYPE_EMPTY, largest), drain(channel));
        }
    }

    /** A record larger than the whole ring waits for an empty ring and crosses by reference, whole. */
    @Test
    void shouldCarryARecordLargerThanTheRingByReferenceOnceTheRingIsEmpty() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", RING, SLOT, 10 * RING * (SLOT - 16))) {
            String huge = "h".repeat(5 * RING * (SLOT - 16));  // five rings' worth
            assertTrue(channel.tryWriteRecord("small", 1, Codecs.STRING, "test"));
            assertFalse(channel.tryWriteRecord(huge, 2, Codecs.STRING, "test"), "waits for an empty ring");
            Overdraft overdraft = new Overdraft(channel);
            overdraft.appendRecord(huge, 2, Codecs.STRING, "test");
            assertEquals(0, overdraft.drain(), "the unconsumed record and the refused slot are still in the ring");
            assertEquals(List.of("small", "type " + SlotDescriptor.TYPE_EMPTY), drain(channel));
            assertEquals(1, overdraft.drain(), "written into the empty ring");
            assertTrue(channel.tryWriteRecord("after", 3, Codecs.STRING, "test"), "smaller records follow it");

            ExpandableArrayBuffer scratch = new ExpandableArrayBuffer();
            List<String> copied = new ArrayList<>();
            channel.copyRecords(channel.consumedSequence(), channel.publishedSequence(),
                (buffer, offset, length) -> copied.add(Codecs.STRING.decode(buffer, offset + 8, length - 8)), scratch);
            assertEquals(List.of(huge, "after"), copied, "an in-flight copy takes it whole");
            assertEquals(List.of(huge, "after"), drain(channel));
            assertTrue(channel.tryWriteRecord(huge, 4, Codecs.STRING, "test"), "the next one, once the ring is empty again");
            assertEquals(List.of(huge), drain(channel));
        }
    }

    @Test
    void shouldRefuseAMaximumOutsideOneByteToOneGibibyte() {
        long before = OffHeapMemory.allocatedBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Channel("x", RING, SLOT, Channel.MAX_MAX_RECORD_SIZE + 1));
        assertTrue(e.getMessage().contains("1 GiB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Channel("x", RING, SLOT, 0));
        assertEquals(before, OffHeapMemory.allocatedBytes());
        new Channel("x", RING, SLOT, RING * (SLOT - 16) + 1).close();
    }

    /** In-flight copies take a record whole at its first slot and skip its fragments. */
    @Test
    void shouldCopyASpanningRecordWholeForTheInFlightData() throws Exception {
        try (Channel channel = new Channel("a[0]->b[0]", RING, SLOT)) {
            assertTrue(channel.tryWriteRecord("a", 5, Codecs.STRING, "test"));
            drain(channel);
            String many = "z".repeat(100);
            assertTrue(channel.tryWriteRecord(many, 7, Codecs.STRING, "test"));   // slots 1..7
            assertTrue(channel.tryWriteRecord("b", 8, Codecs.STRING, "test"));    // slot 8
            List<String> copied = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            long bytes = channel.copyRecords(0, 8, (buffer, offset, length) -> {
                timestamps.add(buffer.getLong(offset));
                copied.add(Codecs.STRING.decode(buffer, offset + 8, length - 8));
            }, new ExpandableArrayBuffer(0));
            assertEquals(List.of(many, "b"), copied);
            assertEquals(List.of(7L, 8L), timestamps);
            assertEquals(8 + 104 + 8 + 5, bytes);
        }
    }
}
