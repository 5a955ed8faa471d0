package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.barrier.InFlightCapture;
import io.ringflow.channel.Channel;
import io.ringflow.channel.RecordTooLargeException;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task's input gate over three real rings, polled by hand from the test thread, which is
 * both producer and consumer. Record {@code s} of channel {@code c} is the value {@code 1000 c + s}.
 */
class InputGateTest {
    private static final int RING = 8;
    private static final int SLOT = 32;    // 16 payload bytes: a long fits, a long string does not

    private final Channel[] channels = {
        new Channel("a[0]->x[0]", RING, SLOT), new Channel("a[1]->x[0]", RING, SLOT), new Channel("a[2]->x[0]", RING, SLOT)};
    private final Codec<?>[] codecs = {Codecs.LONG, Codecs.LONG, Codecs.LONG};
    private final RecordingHead head = new RecordingHead();

    @AfterEach
    void freeRings() {
        for (Channel channel : channels) {
            channel.close();
        }
    }

    /** Each call starts one channel further, so with room for one record per call every channel gets its turn. */
    @Test
    void shouldStartEachCallOneChannelFurther() throws Exception {
        TaskInput gate = gate(null);
        for (int c = 0; c < 3; c++) {
            write(c, 3);
        }

        List<Integer> channelPerCall = new ArrayList<>();
        for (int call = 0; call < 9; call++) {
            assertEquals(1, gate.process(1), "one record per call");
            channelPerCall.add((int) (head.records.get(head.records.size() - 1) / 1000));
        }

        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), channelPerCall);
        assertEquals(List.of(0L, 1000L, 2000L, 1L, 1001L, 2001L, 2L, 1002L, 2002L), head.records);
    }

    /** A call whose first channel takes the whole limit leaves the rest to the next call, which starts after it. */
    @Test
    void shouldServeTheNextChannelFirstAfterOneTookTheWholeLimit() throws Exception {
        TaskInput gate = gate(null);
        write(0, 6);
        write(1, 2);
        write(2, 2);

        assertEquals(4, gate.process(4));
        assertEquals(List.of(0L, 1L, 2L, 3L), head.records, "channel 0 first, with all of the limit");
        head.records.clear();

        assertEquals(4, gate.process(4));
        assertEquals(List.of(1000L, 1001L, 2000L, 2001L), head.records, "channels 1 and 2 before channel 0 again");
        head.records.clear();

        assertEquals(2, gate.process(4));
        assertEquals(List.of(4L, 5L), head.records);
    }

    /** With a limit of 0 (outputs full) no record is read, yet every new barrier marker is shown to the barrier handler. */
    @Test
    void shouldAnnounceBarrierMarkersWithALimitOfZero() throws Exception {
        RecordingTarget target = new RecordingTarget();
        BarrierHandler barriers = barriers(BarrierMode.UNALIGNED, target);
        TaskInput gate = gate(barriers);
        for (int c = 0; c < 3; c++) {
            write(c, 2);
        }
        channels[0].emitBarrier(1, false);
        channels[1].emitBarrier(1, false);
        write(0, 1);

        assertEquals(0, gate.process(0));

        assertEquals(List.of(), head.records, "no record with a limit of 0");
        assertEquals(List.of(1L), target.snapshotIds, "the markers were announced: the unaligned checkpoint is taken");
        assertEquals(List.of(), target.submitted, "channel 2's capture waits for its barrier");

        channels[2].emitBarrier(1, false);
        assertEquals(0, gate.process(0));

        assertEquals(1, target.submitted.size(), "channel 2's marker was announced: every capture knows its end");
        TaskSnapshot snapshot = target.submitted.get(0);
        assertEquals(3, snapshot.inFlight().size());
        for (InFlightCapture capture : snapshot.inFlight()) {
            assertEquals(-1, capture.fromExclusive());
            assertEquals(1, capture.toInclusive(), "the two records before each barrier are in flight");
            capture.release();
        }
        assertEquals(List.of(), head.records);
    }

    /**
     * A barrier that may overtake records (unaligned) and is published while the task works through
     * a batch is seen right after the record it came during, not after the batch: a slow operator
     * delays it by one record at most.
     */
    @Test
    void shouldSeeAnUnalignedBarrierPublishedDuringABatchRightAfterTheRecordBeingProcessed() throws Exception {
        Channel ring = new Channel("big[0]->x[0]", 64, SLOT);
        try {
            RecordingTarget target = new RecordingTarget();
            TaskInput gate = TestInputGates.withBarriers(new Channel[] {ring}, new Codec<?>[] {Codecs.LONG}, head,
                new BarrierHandler(BarrierMode.UNALIGNED, 0, new ManualClock(0), id -> -1, new Channel[] {ring},
                    new ChannelDescriptor[] {new ChannelDescriptor("a", 0, "x", 0, 0)}, target));
            for (long value = 0; value < 40; value++) {
                assertTrue(ring.tryWriteRecord(value, value, Codecs.LONG, "test"));
            }
            head.afterRecord = value -> {
                if (value == 5) {
                    ring.emitBarrier(1, true); // the producer, meanwhile: a barrier behind the 40 records
                }
            };

            assertEquals(6, gate.process(64), "the batch stops after the record during which the barrier came");
            gate.process(0);

            assertEquals(List.of(1L), target.snapshotIds);
            assertEquals(6, target.seenBefore.get(0).size(), "taken after 6 records, not 40");
            InFlightCapture capture = target.submitted.get(0).inFlight().get(0);
            assertEquals(5, capture.fromExclusive());
            assertEquals(39, capture.toInclusive(), "the 34 records still before the barrier are in flight");
            capture.release();
        } finally {
            ring.close();
        }
    }

    /** With a limit of 0 a barrier at the head of a ring is reached, and its channel held until every one reached it. */
    @Test
    void shouldReachABarrierWithNothingBeforeItWithALimitOfZero() throws Exception {
        RecordingTarget target = new RecordingTarget();
        BarrierHandler barriers = barriers(BarrierMode.ALIGNED, target);
        TaskInput gate = gate(barriers);
        channels[0].emitBarrier(1, false);
        channels[1].emitBarrier(1, false);
        write(0, 1);
        write(2, 1);

        assertEquals(0, gate.process(0));

        assertTrue(barriers.isBlocked(0), "channel 0 reached barrier 1 though no record could be read");
        assertTrue(barriers.isBlocked(1));
        assertFalse(barriers.isBlocked(2), "channel 2 has no barrier yet");
        assertEquals(List.of(), target.snapshotIds);

        channels[2].emitBarrier(1, false);
        assertEquals(0, gate.process(0));
        assertEquals(List.of(), target.snapshotIds, "channel 2's barrier is behind a record not read yet");

        drain(gate);
        assertEquals(List.of(1L), target.snapshotIds);
        assertEquals(List.of(List.of(2000L)), target.seenBefore, "only the record before channel 2's barrier precedes the snapshot");
        assertEquals(List.of(2000L, 0L), head.records, "channel 0 flows again after the snapshot");
    }

    /** The gate is finished only once every channel delivered its end of input; records after an end still flow. */
    @Test
    void shouldEndOnlyAfterEveryChannelEnded() throws Exception {
        TaskInput gate = gate(null);
        end(0);
        write(1, 2);
        end(1);
        write(2, 1);

        drain(gate);
        assertFalse(gate.isFinished(), "channel 2 has not ended");
        assertEquals(List.of(1000L, 1001L, 2000L), head.records);

        write(2, 1);
        drain(gate);
        assertFalse(gate.isFinished());

        end(2);
        drain(gate);
        assertTrue(gate.isFinished());
        assertEquals(List.of(1000L, 1001L, 2000L, 2001L), head.records);
        assertEquals(0, gate.process(8), "an ended gate reads nothing");
    }

    /** The head gets the minimum watermark of the channels that have not ended, never going backwards. */
    @Test
    void shouldForwardTheMinimumWatermarkAcrossChannels() throws Exception {
        TaskInput gate = gate(null);
        watermark(0, 100);
        watermark(1, 50);
        drain(gate);
        assertEquals(List.of(), head.watermarks, "channel 2 has no watermark yet");

        watermark(2, 70);
        drain(gate);
        assertEquals(List.of(50L), head.watermarks);

        watermark(1, 200);
        drain(gate);
        assertEquals(List.of(50L, 70L), head.watermarks, "channel 2 now holds the minimum");

        watermark(2, 60);                                // behind its own: changes nothing
        drain(gate);
        assertEquals(List.of(50L, 70L), head.watermarks);

        end(2);
        drain(gate);
        assertEquals(List.of(50L, 70L, 100L), head.watermarks, "an ended channel no longer holds the watermark back");
    }

    /** A slot published empty (a claim whose record did not fit) is skipped, and the records around it are processed. */
    @Test
    void shouldSkipAnEmptySlot() throws Exception {
        TaskInput gate = gate(null);
        write(0, 1);
        assertThrows(RecordTooLargeException.class,
            () -> channels[0].tryWriteRecord("x".repeat(Channel.DEFAULT_MAX_RECORD_SIZE), 0, Codecs.STRING, "test")); // over 1 MB
        assertEquals(1, channels[0].publishedSequence(), "the refused claim was published as an empty slot");
        write(0, 1);

        drain(gate);

        assertEquals(List.of(0L, 2L), head.records, "record at sequence 1 was refused, 0 and 2 are processed");
        assertEquals(2, channels[0].consumedSequence(), "the empty slot is consumed");
        assertEquals(List.of(), head.watermarks);
    }

    // ---- harness ----

    private TaskInput gate(BarrierHandler barriers) {
        return TestInputGates.withBarriers(channels, codecs, head, barriers);
    }

    private BarrierHandler barriers(BarrierMode mode, RecordingTarget target) {
        ChannelDescriptor[] descriptors = new ChannelDescriptor[channels.length];
        for (int c = 0; c < channels.length; c++) {
            descriptors[c] = new ChannelDescriptor("a", c, "x", 0, 0);
        }
        return new BarrierHandler(mode, 0, new ManualClock(0), id -> -1, channels, descriptors, target);
    }

    private void write(int channel, int count) {
        for (int i = 0; i < count; i++) {
            long value = 1000L * channel + channels[channel].publishedSequence() + 1;
            assertTrue(channels[channel].tryWriteRecord(value, value, Codecs.LONG, "test"), "ring full");
        }
    }

    private void watermark(int channel, long watermark) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_WATERMARK, watermark));
    }

    private void end(int channel) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP));
    }

    private static void drain(TaskInput gate) throws Exception {
        for (int round = 0; round < 100; round++) {
            if (gate.process(256) == 0 && gate.process(256) == 0) {
                return;
            }
        }
        throw new AssertionError("the gate never ran out of slots");
    }

    private static final class RecordingHead extends OneInputOperator<Long, Void> {
        final List<Long> records = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();
        java.util.function.LongConsumer afterRecord = value -> { };

        @Override
        public void processElement(Long value, long timestamp) {
            assertEquals(value.longValue(), timestamp, "each record is stamped with its value");
            records.add(value);
            afterRecord.accept(value);
        }

        @Override
        public void processWatermark(long watermark) {
            watermarks.add(watermark);
        }

        @Override
        public void processIdle(boolean idle) {
        }
    }

    private final class RecordingTarget implements BarrierHandler.CheckpointTarget {
        final List<Long> snapshotIds = new ArrayList<>();
        final List<List<Long>> seenBefore = new ArrayList<>();
        final List<TaskSnapshot> submitted = new ArrayList<>();

        @Override
        public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
            snapshotIds.add(checkpointId);
            seenBefore.add(List.copyOf(head.records));
            return List.of();
        }

        @Override
        public void submit(TaskSnapshot snapshot) {
            submitted.add(snapshot);
        }
    }
}
