package io.ringflow.barrier;

import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.storage.file.InFlightFileReader;
import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.StreamHandle;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An in-flight capture never holds the producer while its barrier is still to come (the task
 * copies what it consumes meanwhile); once the barrier is visible it keeps the producer off the
 * slots up to it until it is released, and only those.
 */
class InFlightCaptureTest {
    private static final int RING = 16;
    private final Channel channel = new Channel("a[0]->b[0]", RING, 32);
    private final ChannelDescriptor descriptor = new ChannelDescriptor("a", 0, "b", 0, 0);

    @AfterEach
    void freeRing() {
        channel.close();
    }

    @Test
    void shouldNotHoldTheProducerBeforeItsBarrierIsVisible() throws Exception {
        write(0, 5);
        consumeAll();
        InFlightCapture capture = new InFlightCapture(channel, descriptor);
        write(5, RING);
        consumeAll(capture);

        assertEquals(RING, channel.remainingCapacity(), "an open capture holds nothing: the producer must be able to place its barrier");
        capture.end(channel.publishedSequence());
        assertEquals(RING, channel.remainingCapacity(), "everything up to the barrier was consumed and copied already");
        assertEquals(range(5, RING), records(capture));
        capture.release();
    }

    @Test
    void shouldKeepTheProducerOffTheSlotsUpToItsBarrierUntilReleased() throws Exception {
        write(0, 5);
        consumeAll();
        InFlightCapture capture = new InFlightCapture(channel, descriptor);
        write(5, 4);
        consumeUpTo(6, capture);   // 5 and 6 copied as consumed
        capture.end(8);            // the barrier is after 8: 7 and 8 stay in the ring
        consumeAll();

        assertEquals(RING - 2, channel.remainingCapacity(), "the producer may not overwrite 7 and 8 before they are copied");
        assertEquals(range(5, 4), records(capture), "copied records first, then the held ones");
        capture.release();
        assertEquals(RING, channel.remainingCapacity());
    }

    /**
     * Two captures of one channel overlap (a savepoint beside a periodic checkpoint, or an
     * expired checkpoint whose records are still being copied): the late release of the older
     * one must not lift the newer capture's hold, or the producer overwrites records not yet persisted.
     */
    @Test
    void shouldKeepANewerCapturesHoldWhenAnOlderCaptureIsReleasedLate() throws Exception {
        InFlightCapture older = new InFlightCapture(channel, descriptor);
        write(0, RING / 2);
        older.end(channel.publishedSequence());
        consumeUpTo(3);
        InFlightCapture newer = new InFlightCapture(channel, descriptor);
        newer.end(channel.publishedSequence());
        consumeAll();
        assertEquals(RING / 2, channel.remainingCapacity(), "the older capture holds all 8 slots");

        older.release();

        assertEquals(RING - 4, channel.remainingCapacity(), "the newer capture still holds its 4 slots");
        newer.release();
        assertEquals(RING, channel.remainingCapacity());
    }

    @Test
    void shouldReleaseOnceAndIgnoreAReleaseAgain() throws Exception {
        InFlightCapture capture = new InFlightCapture(channel, descriptor);
        write(0, 3);
        capture.end(channel.publishedSequence());
        consumeAll();
        capture.release();
        capture.release();
        InFlightCapture next = new InFlightCapture(channel, descriptor);
        write(3, 4);
        next.end(channel.publishedSequence());
        consumeAll();
        capture.release();
        assertEquals(RING - 4, channel.remainingCapacity(), "a repeated release of an old capture changes nothing");
        next.release();
        assertTrue(channel.remainingCapacity() == RING);
    }

    /** Records spanning slots, consumed before the barrier or held after it, are captured whole, each once. */
    @Test
    void shouldCaptureRecordsSpanningSlotsWhole() throws Exception {
        String over = "y".repeat(13);   // 2 slots of 16 payload bytes
        String many = "z".repeat(40);   // 3 slots
        assertTrue(channel.tryWriteRecord("a", 0, Codecs.STRING, "test"));
        consumeAll();
        InFlightCapture capture = new InFlightCapture(channel, descriptor);
        assertTrue(channel.tryWriteRecord(over, 1, Codecs.STRING, "test"));  // 1..2
        assertTrue(channel.tryWriteRecord(many, 2, Codecs.STRING, "test"));  // 3..5
        assertTrue(channel.tryWriteRecord(many, 3, Codecs.STRING, "test"));  // 6..8
        consumeUpTo(5, capture);     // the first two records are consumed and copied slot by slot
        capture.end(8);              // the third is held in the ring
        consumeAll();

        assertEquals(RING - 3, channel.remainingCapacity(), "all three slots of the held record stay");
        List<String> values = new ArrayList<>();
        long bytes = capture.writeTo((buffer, offset, length) -> values.add(Codecs.STRING.decode(buffer, offset + 8, length - 8)));
        assertEquals(List.of(over, many, many), values);
        assertEquals(3 * 8 + 17 + 44 + 44, bytes);
        assertEquals(2, capture.copiedRecords());
        capture.release();
    }

    /** The writer copies held slots in chunks: records spanning slots across the chunks' bounds still come whole, in order. */
    @Test
    void shouldCopyHeldRecordsSpanningTheWritersChunksWhole() {
        try (Channel wide = new Channel("c[0]->d[0]", 64, 32)) {
            InFlightCapture capture = new InFlightCapture(wide, descriptor);
            List<String> written = new ArrayList<>();
            long slots = 0;
            for (int i = 0; slots + 3 <= 62; i++) {
                String value = "r" + i + "-" + "x".repeat(new int[] {2, 10, 36}[i % 3]); // 1, 2 and 3 slots
                assertTrue(wide.tryWriteRecord(value, i, Codecs.STRING, "test"));
                written.add(value);
                slots += new int[] {1, 2, 3}[i % 3];
            }
            capture.end(slots); // nothing consumed: every slot held for the writer

            List<String> values = new ArrayList<>();
            capture.writeTo((buffer, offset, length) -> values.add(Codecs.STRING.decode(buffer, offset + 8, length - 8)));

            assertTrue(slots > 32, "spans several chunks");
            assertEquals(written, values);
            capture.release();
        }
    }

    /**
     * Into a checkpoint's in-flight stream, the records the task copied go in one piece and the
     * held ones slot by slot; read back, they are the same records in ring order, each once.
     */
    @Test
    void shouldWriteCopiedAndHeldRecordsToAnInFlightStreamInRingOrder() throws Exception {
        String over = "y".repeat(13);
        String many = "z".repeat(40);
        assertTrue(channel.tryWriteRecord("a", 0, Codecs.STRING, "test"));
        consumeAll();
        InFlightCapture capture = new InFlightCapture(channel, descriptor);
        assertTrue(channel.tryWriteRecord("b", 1, Codecs.STRING, "test"));   // 1
        assertTrue(channel.tryWriteRecord(over, 2, Codecs.STRING, "test"));  // 2..3
        assertTrue(channel.tryWriteRecord("c", 3, Codecs.STRING, "test"));   // 4
        assertTrue(channel.tryWriteRecord(many, 4, Codecs.STRING, "test"));  // 5..7
        assertTrue(channel.tryWriteRecord("d", 5, Codecs.STRING, "test"));   // 8
        consumeUpTo(4, capture);   // three records copied by the task
        capture.end(8);            // two held in the ring
        consumeAll();
        InFlightOutput out = new InFlightOutput(SnapshotStreamWriter.onHeap(), "test", (handle, count) -> { });

        long bytes = capture.writeTo(out);
        StreamHandle handle = out.finish();

        assertEquals(3, capture.copiedRecords());
        assertEquals(5, out.recordCount());
        List<String> values = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        InFlightFileReader reader = new InFlightFileReader(new UnsafeBuffer(handle.inline()), "test");
        reader.readRecords((buffer, offset, length) -> {
            timestamps.add(buffer.getLong(offset));
            values.add(Codecs.STRING.decode(buffer, offset + 8, length - 8));
        });
        assertEquals(List.of("b", over, "c", many, "d"), values);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), timestamps);
        assertEquals(5 * 8 + 5 + 17 + 5 + 44 + 5, bytes, "payload and timestamp bytes, not the framing");
        capture.release();
    }

    private void write(long first, int count) {
        for (int i = 0; i < count; i++) {
            assertTrue(channel.tryWriteRecord(first + i, 0, Codecs.LONG, "test"), "ring full");
        }
    }

    private void consumeAll() throws Exception {
        channel.poll((slot, sequence, endOfBatch) -> true);
    }

    private void consumeUpTo(long last) throws Exception {
        channel.poll((slot, sequence, endOfBatch) -> sequence < last);
    }

    private void consumeAll(InFlightCapture copyingTo) throws Exception {
        consumeUpTo(Long.MAX_VALUE, copyingTo);
    }

    /** Consumes as a task does while the capture's barrier is still to come: each slot copied before it is processed. */
    private void consumeUpTo(long last, InFlightCapture copyingTo) throws Exception {
        channel.poll((slot, sequence, endOfBatch) -> {
            copyingTo.copySlot(sequence);
            return sequence < last;
        });
    }

    private static List<Long> records(InFlightCapture capture) {
        List<Long> values = new ArrayList<>();
        capture.writeTo((buffer, offset, length) -> values.add(Codecs.LONG.decode(buffer, offset + 8, length - 8)));
        return values;
    }

    private static List<Long> range(long first, int count) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(first + i);
        }
        return values;
    }
}
