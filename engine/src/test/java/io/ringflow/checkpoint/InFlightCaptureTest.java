package io.ringflow.checkpoint;

import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.storage.metadata.ChannelDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An in-flight capture keeps the producer off its slots until it is released, and only its own. */
class InFlightCaptureTest {
    private static final int RING = 16;
    private final Channel channel = new Channel("a[0]->b[0]", RING, 32);
    private final ChannelDescriptor descriptor = new ChannelDescriptor("a", 0, "b", 0, 0);

    @AfterEach
    void freeRing() {
        channel.close();
    }

    @Test
    void shouldKeepTheProducerOffTheCapturedSlotsUntilReleased() throws Exception {
        write(5);
        consumeAll();
        InFlightCapture capture = new InFlightCapture(channel, descriptor, channel.consumedSequence());
        write(RING);
        consumeAll();

        assertFalse(channel.tryWriteRecord(99L, 0, Codecs.LONG, "test"), "the captured slots are held though consumed");
        capture.end(channel.publishedSequence());
        assertEquals(RING * 16, channel.copyRecords(capture.fromExclusive(), capture.toInclusive(), (b, o, l) -> { }));
        capture.release();
        assertEquals(RING, channel.remainingCapacity());
    }

    /**
     * Two captures of one channel overlap (a savepoint beside a periodic checkpoint, or an
     * expired checkpoint whose records are still being copied): the producer stays behind the
     * older one until it is released, and the late release of the older one must not lift the
     * newer capture's hold, or the producer overwrites records not yet persisted.
     */
    @Test
    void shouldKeepANewerCapturesHoldWhenAnOlderCaptureIsReleasedLate() throws Exception {
        write(5);
        consumeAll();
        InFlightCapture older = new InFlightCapture(channel, descriptor, channel.consumedSequence());
        write(RING / 2);
        consumeAll();
        older.end(channel.publishedSequence());
        InFlightCapture newer = new InFlightCapture(channel, descriptor, channel.consumedSequence());
        write(4);
        consumeAll();
        assertEquals(RING - RING / 2 - 4, channel.remainingCapacity(), "both captures hold their slots");

        older.release();

        assertEquals(RING - 4, channel.remainingCapacity(), "the newer capture still holds its 4 slots");
        newer.release();
        assertEquals(RING, channel.remainingCapacity());
    }

    @Test
    void shouldReleaseOnceAndIgnoreAReleaseAgain() throws Exception {
        write(3);
        InFlightCapture capture = new InFlightCapture(channel, descriptor, channel.consumedSequence());
        consumeAll();
        capture.release();
        capture.release();
        InFlightCapture next = new InFlightCapture(channel, descriptor, channel.consumedSequence());
        write(4);
        consumeAll();
        capture.release();
        assertEquals(RING - 4, channel.remainingCapacity(), "a repeated release of an old capture changes nothing");
        next.release();
        assertTrue(channel.remainingCapacity() == RING);
    }

    private void write(int count) {
        for (int i = 0; i < count; i++) {
            assertTrue(channel.tryWriteRecord((long) i, 0, Codecs.LONG, "test"), "ring full");
        }
    }

    private void consumeAll() throws Exception {
        channel.poll((slot, sequence, endOfBatch) -> true);
    }
}
