package io.ringflow.barrier;

import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.PhaseTimes;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.task.Backpressure;
import io.ringflow.task.TaskInput;
import io.ringflow.task.TestInputGates;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The barrier handler of a task with two input rings, driven through the task's real input gate
 * by hand: records are written with {@link Channel#tryWriteRecord}, barriers placed with
 * {@link Channel#emitBarrier}, and the gate polled one round at a time. Record {@code s} of
 * channel {@code c} is the value {@code 1000 c + s}, stamped {@code 10 × value}.
 */
class BarrierHandlerTest {
    private static final int RING = 16;
    private static final long ALIGNED_TIMEOUT_MS = 50;

    private final ManualClock clock = new ManualClock(1_000);
    private final Channel[] channels = {new Channel("a[0]->x[0]", RING, 32), new Channel("a[1]->x[0]", RING, 32)};
    private final ChannelDescriptor[] descriptors = {
        new ChannelDescriptor("a", 0, "x", 0, 0), new ChannelDescriptor("a", 1, "x", 0, 0)};
    private final RecordingHead head = new RecordingHead();
    private final RecordingTarget target = new RecordingTarget();
    private final java.util.Map<Long, Long> triggerTimes = new java.util.HashMap<>(); // as the coordinator notes them
    private BarrierHandler barriers;
    private TaskInput gate;

    @AfterEach
    void freeRings() {
        for (Channel channel : channels) {
            channel.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "ALIGNED_WITH_TIMEOUT"})
    void shouldHoldAChannelAfterItsBarrierUntilEveryInputReachedIt(BarrierMode mode) throws Exception {
        start(mode);
        write(0, 5);
        barrier(0, 1);
        write(0, 5);
        write(1, 5);
        drain();

        assertTrue(barriers.isBlocked(0), "channel 0 reached the barrier and must wait for channel 1");
        assertFalse(barriers.isBlocked(1));
        assertEquals(values(0, 0, 5, 1, 0, 5), head.sorted(), "nothing after channel 0's barrier may be processed");
        assertTrue(target.snapshots.isEmpty());

        barrier(1, 1);
        write(1, 5);
        drain();

        assertEquals(1, target.snapshots.size(), "one snapshot once both inputs reached the barrier");
        SyncPart sync = target.snapshots.get(0);
        assertEquals(1, sync.checkpointId());
        assertFalse(sync.unaligned());
        assertEquals(values(0, 0, 5, 1, 0, 5), sync.seenBefore(), "the state holds exactly the records before the barriers");
        assertEquals(values(0, 0, 10, 1, 0, 10), head.sorted(), "both channels flow again after the snapshot");
        assertFalse(barriers.isBlocked(0));
        assertEquals(1, target.submitted.size());
        assertTrue(target.submitted.get(0).inFlight().isEmpty(), "aligned checkpoints persist no in-flight records");
        assertFalse(target.submitted.get(0).unaligned());
    }

    @Test
    void shouldNeverHoldAChannelAtLeastOnce() throws Exception {
        start(BarrierMode.AT_LEAST_ONCE);
        write(0, 5);
        barrier(0, 1);
        write(0, 5);
        write(1, 5);
        drain();

        assertFalse(barriers.isBlocked(0));
        assertEquals(values(0, 0, 10, 1, 0, 5), head.sorted(), "records after an early barrier are processed at once");
        assertTrue(target.snapshots.isEmpty(), "no snapshot before every input reached the barrier");

        barrier(1, 1);
        write(1, 5);
        drain();

        assertEquals(1, target.snapshots.size());
        assertEquals(values(0, 0, 10, 1, 0, 5), target.snapshots.get(0).seenBefore(),
            "the snapshot includes records after channel 0's barrier: they may be replayed after recovery");
        assertFalse(target.snapshots.get(0).unaligned());
        assertEquals(1, target.submitted.size());
        assertTrue(target.submitted.get(0).inFlight().isEmpty());
    }

    @Test
    void shouldSnapshotAtTheFirstVisibleBarrierAndCaptureTheRecordsItOvertookWhenUnaligned() throws Exception {
        start(BarrierMode.UNALIGNED);
        write(0, 5);
        write(1, 5);
        drain();
        write(0, 6);      // sequences 5..10
        barrier(0, 1);    // after sequence 10
        write(0, 2);      // 11, 12: after the barrier
        write(1, 3);      // 5..7, channel 1's barrier not there yet

        gate.process(0);  // outputs full: no record may be read, the barrier is still seen

        assertEquals(1, target.snapshots.size(), "an unaligned barrier is taken as soon as it is visible");
        SyncPart sync = target.snapshots.get(0);
        assertTrue(sync.unaligned());
        assertEquals(values(0, 0, 5, 1, 0, 5), sync.seenBefore());
        assertEquals(List.of(4L, 4L), sync.consumed());
        assertTrue(target.submitted.isEmpty(), "channel 1's capture has no end until its barrier arrives");

        drain();
        assertEquals(values(0, 0, 13, 1, 0, 8), head.sorted(), "captured records are still processed normally");
        assertEquals(RING - 8, channels[0].remainingCapacity(),
            "the producer may not overwrite the slots after the consumed position while they are captured");

        barrier(1, 1);    // after sequence 7
        write(1, 1);
        drain();

        assertEquals(1, target.submitted.size());
        TaskSnapshot snapshot = target.submitted.get(0);
        assertTrue(snapshot.unaligned());
        assertEquals(2, snapshot.inFlight().size());
        InFlightCapture first = capture(snapshot, 0);
        InFlightCapture second = capture(snapshot, 1);
        assertEquals(4, first.fromExclusive());
        assertEquals(10, first.toInclusive());
        assertEquals(4, second.fromExclusive());
        assertEquals(7, second.toInclusive());
        assertEquals(values(0, 5, 11), decode(first), "exactly the records between consumed position and barrier");
        assertEquals(values(1, 5, 8), decode(second));
        assertEquals(6 * 16, first.writeTo((b, o, l) -> { }),
            "each persisted record is an 8-byte timestamp and its 8 codec bytes");

        snapshot.inFlight().forEach(InFlightCapture::release);
        assertEquals(RING, channels[0].remainingCapacity(), "releasing the capture frees the slots");
        assertEquals(1, target.snapshots.size());
    }

    @Test
    void shouldCaptureFromWhereverTheConsumerWasWhenUnalignedBarriersArriveBetweenPolls() throws Exception {
        start(BarrierMode.UNALIGNED);
        write(0, 3);
        write(1, 7);
        barrier(1, 1);
        write(1, 2);
        write(0, 4);
        barrier(0, 1);
        write(0, 1);
        drain();

        assertEquals(1, target.snapshots.size());
        assertEquals(1, target.submitted.size());
        SyncPart sync = target.snapshots.get(0);
        for (int c = 0; c < 2; c++) {
            InFlightCapture captured = capture(target.submitted.get(0), c);
            assertEquals(sync.consumed().get(c), captured.fromExclusive(), "capture of channel " + c + " starts at its consumed position");
            assertEquals(6, captured.toInclusive(), "capture of channel " + c + " ends at its barrier");
            assertEquals(values(c, (int) captured.fromExclusive() + 1, 7), decode(captured));
        }
        assertEquals(values(0, 0, 8, 1, 0, 9), head.sorted());
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
    }

    @Test
    void shouldSwitchToUnalignedWhenAlignmentTakesLongerThanTheTimeout() throws Exception {
        start(BarrierMode.ALIGNED_WITH_TIMEOUT);
        write(0, 5);
        barrier(0, 1);
        write(0, 5);
        write(1, 5);
        drain();
        assertTrue(barriers.isBlocked(0));

        clock.advance(ALIGNED_TIMEOUT_MS);
        drain();
        assertTrue(target.snapshots.isEmpty(), "at exactly the timeout the checkpoint is still aligned");
        assertTrue(barriers.isBlocked(0));

        clock.advance(1);
        drain();

        assertEquals(1, target.snapshots.size());
        SyncPart sync = target.snapshots.get(0);
        assertTrue(sync.unaligned(), "past the timeout the checkpoint goes unaligned");
        assertEquals(values(0, 0, 5, 1, 0, 5), sync.seenBefore());
        assertFalse(barriers.isBlocked(0), "the held channel is released at the switch");
        assertEquals(values(0, 0, 10, 1, 0, 5), head.sorted());

        write(1, 3);      // 5..7: still before channel 1's barrier, so in flight
        barrier(1, 1);
        drain();

        assertEquals(1, target.submitted.size());
        TaskSnapshot snapshot = target.submitted.get(0);
        assertTrue(snapshot.unaligned());
        assertEquals(1, snapshot.inFlight().size(), "channel 0 had reached the barrier: nothing of it is in flight");
        assertEquals(values(1, 5, 8), decode(capture(snapshot, 1)));
        snapshot.inFlight().forEach(InFlightCapture::release);
    }

    @Test
    void shouldCountTheAlignmentTimeoutFromTheCheckpointsTrigger() throws Exception {
        start(BarrierMode.ALIGNED_WITH_TIMEOUT);
        triggerTimes.put(1L, clock.currentTimeMillis() - 40); // the barrier took 40 ms to come this far
        write(0, 2);
        barrier(0, 1);
        write(0, 2);
        write(1, 2);
        drain();
        assertTrue(barriers.isBlocked(0));

        clock.advance(ALIGNED_TIMEOUT_MS - 40);
        drain();
        assertTrue(target.snapshots.isEmpty(), "at exactly the timeout after the trigger the checkpoint is still aligned");

        clock.advance(1);
        drain();
        assertEquals(1, target.snapshots.size());
        assertTrue(target.snapshots.get(0).unaligned(), "the start delay passed the timeout: unaligned");
        barrier(1, 1);
        drain();
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
    }

    @Test
    void shouldCheckTheAlignmentTimeoutAfterEveryRecordOfASlowOperator() throws Exception {
        start(BarrierMode.ALIGNED_WITH_TIMEOUT);
        write(0, 1);
        barrier(0, 1);
        write(1, 12);
        head.afterEach = () -> clock.advance(10); // 10 ms a record
        List<Integer> processedBeforeTheSwitch = new ArrayList<>();
        for (int call = 0; call < 20 && target.snapshots.isEmpty(); call++) {
            gate.process(256); // what the task asks for at once
            processedBeforeTheSwitch.add(head.seen.size());
        }

        assertEquals(1, target.snapshots.size());
        assertTrue(target.snapshots.get(0).unaligned());
        // from the barrier on: 6 records (60 ms) pass the 50 ms timeout; checked only after a whole batch, 13
        assertEquals(6, head.seen.size(), "records processed up to the switch: " + processedBeforeTheSwitch);
        head.afterEach = () -> { };
        barrier(1, 1);
        drain();
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
    }

    @Test
    void shouldSwitchAtOnceOnAnUnalignedBarrierFromUpstreamWhenAlignedWithTimeout() throws Exception {
        start(BarrierMode.ALIGNED_WITH_TIMEOUT);
        write(0, 4);
        channels[0].emitBarrier(1, true);
        write(1, 2);

        gate.process(0);

        assertEquals(1, target.snapshots.size(), "an upstream task that went unaligned makes this one unaligned too");
        assertTrue(target.snapshots.get(0).unaligned());
        barrier(1, 1);
        drain();
        assertEquals(1, target.submitted.size());
        assertEquals(values(0, 0, 4), decode(capture(target.submitted.get(0), 0)));
        assertEquals(values(1, 0, 2), decode(capture(target.submitted.get(0), 1)));
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldCountEndedChannelsAsHavingReachedEveryBarrier(BarrierMode mode) throws Exception {
        start(mode);
        write(1, 3);
        end(1);
        drain();
        write(0, 3);
        barrier(0, 1);
        write(0, 2);
        drain();

        assertEquals(1, target.snapshots.size(), "channel 1 ended, so channel 0's barrier is the last one needed");
        assertEquals(1, target.submitted.size());
        TaskSnapshot snapshot = target.submitted.get(0);
        if (mode == BarrierMode.UNALIGNED) {
            assertEquals(new TreeSet<>(values(1, 0, 3)), target.snapshots.get(0).seenBefore());
            assertEquals(1, snapshot.inFlight().size(), "an ended channel has nothing in flight");
            assertEquals(values(0, 0, 3), decode(capture(snapshot, 0)));
            snapshot.inFlight().forEach(InFlightCapture::release);
        } else {
            assertEquals(values(0, 0, 3, 1, 0, 3), target.snapshots.get(0).seenBefore());
        }
        assertEquals(values(0, 0, 5, 1, 0, 3), head.sorted());
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldEndAnInFlightCaptureAtEndOfInput(BarrierMode mode) throws Exception {
        start(mode);
        write(0, 2);
        barrier(0, 1);
        write(1, 3);
        end(1);
        gate.process(0);
        drain();

        assertEquals(1, target.submitted.size());
        TaskSnapshot snapshot = target.submitted.get(0);
        if (mode == BarrierMode.UNALIGNED) {
            InFlightCapture captured = capture(snapshot, 1);
            assertEquals(3, captured.toInclusive(), "the capture ends at the end-of-input slot");
            assertEquals(values(1, 0, 3), decode(captured), "records only: the end-of-input slot is not persisted");
            snapshot.inFlight().forEach(InFlightCapture::release);
        } else {
            assertTrue(snapshot.inFlight().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldPassABarrierOverAFullRing(BarrierMode mode) throws Exception {
        start(mode);
        write(0, RING);
        assertFalse(channels[0].tryWriteRecord(99L, 0, Codecs.LONG, "test"), "the ring is full");
        barrier(0, 1);
        barrier(1, 1);
        assertEquals(RING - 1, channels[0].peekBarrier().position());

        gate.process(0);

        if (mode == BarrierMode.UNALIGNED) {
            assertEquals(1, target.snapshots.size(), "unaligned: the snapshot does not wait for the full ring");
            assertEquals(0, channels[0].remainingCapacity());
        } else {
            assertTrue(target.snapshots.isEmpty(), mode + ": the snapshot waits until the ring is consumed");
        }
        drain();
        assertEquals(1, target.snapshots.size());
        assertEquals(1, target.submitted.size());
        if (mode == BarrierMode.UNALIGNED) {
            assertEquals(values(0, 0, RING), decode(capture(target.submitted.get(0), 0)),
                "the whole full ring is in flight");
            target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
        } else {
            assertEquals(new TreeSet<>(values(0, 0, RING)), target.snapshots.get(0).seenBefore());
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldUnblockAndReleaseEverythingOnAbort(BarrierMode mode) throws Exception {
        start(mode);
        write(0, 5);
        barrier(0, 1);
        write(0, 5);
        write(1, 5);
        gate.process(0);
        drain();

        barriers.abort(1);
        drain();
        assertFalse(barriers.isBlocked(0));
        assertEquals(values(0, 0, 10, 1, 0, 5), head.sorted(), "after an abort no channel is held");
        assertEquals(RING, channels[0].remainingCapacity(), "after an abort no in-flight slot is held");

        barrier(1, 1);
        write(1, 1);
        drain();
        assertTrue(target.submitted.isEmpty(), "an aborted checkpoint is never submitted");
        assertEquals(mode == BarrierMode.UNALIGNED ? 1 : 0, target.snapshots.size());

        write(0, 1);
        barrier(0, 2);
        write(1, 1);
        barrier(1, 2);
        drain();
        assertEquals(1, target.submitted.size(), "the next checkpoint goes through");
        assertEquals(2, target.submitted.get(0).checkpointId());
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "AT_LEAST_ONCE"})
    void shouldTakeConcurrentCheckpointsOnceEachInOrder(BarrierMode mode) throws Exception {
        start(mode);
        for (int c = 0; c < 2; c++) {
            write(c, 2);
            barrier(c, 1);
            write(c, 2);
            barrier(c, 2);
            write(c, 2);
        }
        drain();

        assertEquals(List.of(1L, 2L), target.snapshots.stream().map(SyncPart::checkpointId).toList());
        assertEquals(List.of(1L, 2L), target.submitted.stream().map(TaskSnapshot::checkpointId).toList());
        if (mode == BarrierMode.ALIGNED) {
            assertEquals(values(0, 0, 2, 1, 0, 2), target.snapshots.get(0).seenBefore());
            assertEquals(values(0, 0, 4, 1, 0, 4), target.snapshots.get(1).seenBefore());
        }
        assertEquals(values(0, 0, 6, 1, 0, 6), head.sorted());
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldTakeACheckpointTriggeredAfterEveryUpstreamFinishedOnlyOnceTheRingsAreDrained(BarrierMode mode)
        throws Exception {
        start(mode);
        write(0, 3);
        end(0);
        write(1, 4);
        end(1);

        barriers.triggerAtEndOfInput(1);
        assertTrue(target.snapshots.isEmpty(), "records are still in the rings, and no barrier will come");
        drain();

        assertEquals(1, target.snapshots.size());
        assertEquals(values(0, 0, 3, 1, 0, 4), target.snapshots.get(0).seenBefore(), "every record left is in the snapshot");
        assertEquals(1, target.submitted.size());
        assertTrue(target.submitted.get(0).inFlight().isEmpty());
    }

    /**
     * Two producer threads write records and place each checkpoint's barrier whenever the test
     * triggers it, as source tasks do between records; the consumer must stop each ring exactly
     * at its barrier however the threads interleave: an aligned snapshot or an unaligned capture
     * never includes a record written after the barrier.
     */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldNeverReadPastABarrierPlacedWhileTheConsumerPolls(BarrierMode mode) throws Exception {
        int records = 5_000;
        int checkpoints = 100;
        long[][] barrierAt = new long[2][checkpoints + 1];
        java.util.concurrent.atomic.AtomicInteger triggered = new java.util.concurrent.atomic.AtomicInteger();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        BarrierHandler.CheckpointTarget checking = new BarrierHandler.CheckpointTarget() {
            @Override
            public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
                for (int c = 0; c < 2 && mode == BarrierMode.ALIGNED; c++) {
                    long barrier = barrierAt[c][(int) checkpointId];
                    if (barrier != -2 && channels[c].consumedSequence() != barrier) {
                        violations.add("checkpoint " + checkpointId + ": channel " + c + " consumed up to "
                            + channels[c].consumedSequence() + ", its barrier is after " + barrier);
                    }
                }
                return List.of();
            }

            @Override
            public void submit(TaskSnapshot snapshot) {
                for (InFlightCapture captured : snapshot.inFlight()) {
                    int c = captured.channel() == channels[0] ? 0 : 1;
                    long barrier = barrierAt[c][(int) snapshot.checkpointId()];
                    if (barrier != -2 && (captured.fromExclusive() > barrier || captured.toInclusive() != barrier)) {
                        violations.add("checkpoint " + snapshot.checkpointId() + ": channel " + c + " captured ("
                            + captured.fromExclusive() + ", " + captured.toInclusive() + "], its barrier is after " + barrier);
                    }
                    captured.release();
                }
                target.submitted.add(snapshot);
            }
        };
        barriers = new BarrierHandler(mode, 0, clock, id -> -1, channels, descriptors, checking);
        gate = TestInputGates.withBarriers(channels, new Codec<?>[] {Codecs.LONG, Codecs.LONG}, head, barriers);
        List<Thread> producers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Channel channel = channels[c];
            long[] positions = barrierAt[c];
            java.util.Arrays.fill(positions, -2);
            Thread producer = new Thread(() -> {
                int emitted = 0;
                for (long value = 0; value < records; ) {
                    for (int due = triggered.get(); emitted < due; ) {
                        emitted++;
                        positions[emitted] = channel.publishedSequence();
                        channel.emitBarrier(emitted, false);
                    }
                    if (channel.tryWriteRecord(value, 0, Codecs.LONG, "test")) {
                        value++;
                    } else {
                        Thread.yield();                  // a ring full: leave the core to the consumer
                    }
                }
                while (!channel.tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP)) {
                    Thread.onSpinWait();
                }
            }, "test-producer-" + c);
            producer.start();
            producers.add(producer);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        int rounds = 0;
        while (!gate.isFinished() && System.currentTimeMillis() < deadline) {
            gate.process(7);
            if (++rounds % 4 == 0 && triggered.get() < checkpoints && target.submitted.size() == triggered.get()) {
                triggered.incrementAndGet();
            }
        }
        for (Thread producer : producers) {
            producer.join(5_000);
        }
        assertTrue(gate.isFinished(), "consumer did not finish: consumed " + channels[0].consumedSequence() + "/"
            + channels[0].publishedSequence() + " " + channels[1].consumedSequence() + "/" + channels[1].publishedSequence());
        assertEquals(List.of(), violations.subList(0, Math.min(5, violations.size())));
        assertTrue(target.submitted.size() > 10, "checkpoints taken: " + target.submitted.size());
        assertEquals(2 * records, head.seen.size());
    }

    // ---- harness ----

    /**
     * The hang of unaligned checkpoints under backpressure: a channel's marker of a checkpoint the
     * task already took heads the queue, and the task (outputs full) cannot read up to it. The next
     * checkpoint's marker behind it must still be seen and taken at once.
     */
    @Test
    void shouldSeeANewUnalignedBarrierBehindTheMarkerOfACheckpointAlreadyTaken() throws Exception {
        start(BarrierMode.UNALIGNED);
        write(0, 4);
        write(1, 4);
        barrier(1, 1);
        barrier(0, 1);
        gate.process(0);
        assertEquals(1, target.snapshots.size(), "checkpoint 1 taken at its first barrier");
        assertEquals(1, target.submitted.size(), "both barriers of checkpoint 1 are visible: its capture has its end");
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);

        write(0, 2);
        barrier(0, 2);      // behind marker 1, which channel 0 has not read up to
        gate.process(0);    // outputs still full

        assertEquals(2, target.snapshots.size(), "checkpoint 2's barrier, behind checkpoint 1's, is taken at once");
        assertEquals(2, target.snapshots.get(1).checkpointId());
        assertEquals(List.of(-1L, -1L), target.snapshots.get(1).consumed(), "no record was read to find it");

        barrier(1, 2);
        drain();
        assertEquals(2, target.submitted.size());
        TaskSnapshot second = target.submitted.get(1);
        assertEquals(values(0, 0, 6), decode(capture(second, 0)), "channel 0 in flight: everything before barrier 2");
        assertEquals(values(1, 0, 4), decode(capture(second, 1)));
        assertEquals(values(0, 0, 6, 1, 0, 4), head.sorted());
    }

    /** Under backpressure each round has room for one record: both inputs must get their turn. */
    @Test
    void shouldServeEveryInputWhenEachRoundHasRoomForOneRecord() throws Exception {
        start(BarrierMode.AT_LEAST_ONCE);
        write(0, 8);
        write(1, 8);
        for (int round = 0; round < 8; round++) {
            gate.process(1);
        }
        assertEquals(values(0, 0, 4, 1, 0, 4), head.sorted(), "eight records, four from each input");
    }

    /**
     * An unaligned capture whose channel's barrier is not there yet must not keep the producer
     * from writing (it may have to write up to its barrier first): what the task consumes
     * meanwhile is copied, and the producer only waits for the slots left between the consumer and the barrier.
     */
    @Test
    void shouldNotHoldAProducerWhoseBarrierIsStillToComeWhileCapturing() throws Exception {
        start(BarrierMode.UNALIGNED);
        write(1, 2);
        barrier(1, 1);
        write(0, RING);
        gate.process(0);
        assertEquals(1, target.snapshots.size());
        drain();
        assertEquals(RING, channels[0].remainingCapacity(), "consumed and not held: the producer has the whole ring");
        write(0, 3);
        barrier(0, 1);
        write(0, 1);
        gate.process(0);

        assertEquals(1, target.submitted.size());
        assertEquals(values(0, 0, RING + 3), decode(capture(target.submitted.get(0), 0)),
            "copied while consumed, then held up to the barrier");
        drain();
        assertEquals(RING - 4, channels[0].remainingCapacity(), "though consumed, the slots from before the barrier are held until written");
        target.submitted.get(0).inFlight().forEach(InFlightCapture::release);
        assertEquals(RING, channels[0].remainingCapacity());
    }

    /**
     * A record fills an output's overdraft in the middle of a poll: the gate stops there, and the
     * capture of that channel must hold each record before the barrier once, not what the poll
     * might have read.
     */
    @Test
    void shouldCaptureEachRecordOnceWhenAnOverdraftStopsAPollMidway() throws Exception {
        Backpressure backpressure = TestInputGates.backpressure();
        barriers = new BarrierHandler(BarrierMode.UNALIGNED, 0, clock, id -> -1, channels, descriptors, target);
        gate = TestInputGates.withBarriers(channels, new Codec<?>[] {Codecs.LONG, Codecs.LONG}, head, barriers, backpressure);
        barrier(1, 1);
        gate.process(0);
        assertEquals(1, target.snapshots.size(), "unaligned at channel 1's barrier; channel 0's is still to come");
        write(0, 6);
        head.afterEach = () -> {
            if (head.seen.size() == 3) {
                TestInputGates.overdraw(backpressure);
            }
        };
        gate.process(256);
        assertEquals(values(0, 0, 3), head.seen, "the poll stopped after the record that overdrew");
        TestInputGates.drain(backpressure);
        drain();
        barrier(0, 1);
        gate.process(0);

        assertEquals(1, target.submitted.size());
        assertEquals(values(0, 0, 6), decode(capture(target.submitted.get(0), 0)), "every record before the barrier, once");
    }

    /** A marker queued after the gate last announced its channel's markers is reached unannounced. */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED", "ALIGNED_WITH_TIMEOUT"})
    void shouldTreatABarrierReachedUnannouncedAsSeenThen(BarrierMode mode) {
        start(mode);
        barrier(0, 1);
        barrier(1, 1);
        barriers.onReached(0, channels[0].peekBarrier());
        if (mode == BarrierMode.UNALIGNED) {
            assertEquals(1, target.submitted.size(), "unaligned: the first barrier reached starts the snapshot");
        } else {
            assertTrue(target.submitted.isEmpty(), "aligned: channel 1 has not reached its barrier");
            barriers.onReached(1, channels[1].peekBarrier());
        }

        assertEquals(1, target.submitted.size());
        PhaseTimes times = target.submitted.get(0).times();
        for (int channel = 0; channel < channels.length; channel++) {
            long visible = times.barrierVisible()[channel];
            assertTrue(visible != PhaseTimes.NOT_REACHED, mode + ": channel " + channel + "'s barrier was seen");
            long reached = times.barrierReached()[channel];
            assertTrue(reached == PhaseTimes.NOT_REACHED || visible <= reached, mode + ": seen before reached");
        }
    }

    private void start(BarrierMode mode) {
        barriers = new BarrierHandler(mode, mode == BarrierMode.ALIGNED_WITH_TIMEOUT ? ALIGNED_TIMEOUT_MS : 0, clock,
            id -> triggerTimes.getOrDefault(id, -1L), channels, descriptors, target);
        gate = TestInputGates.withBarriers(channels, new Codec<?>[] {Codecs.LONG, Codecs.LONG}, head, barriers);
    }

    private void write(int channel, int count) {
        for (int i = 0; i < count; i++) {
            long value = 1000L * channel + channels[channel].publishedSequence() + 1;
            assertTrue(channels[channel].tryWriteRecord(value, value * 10, Codecs.LONG, "test"), "ring full");
        }
    }

    private void barrier(int channel, long checkpointId) {
        channels[channel].emitBarrier(checkpointId, false);
    }

    private void end(int channel) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP));
    }

    /** Polls until a round reads nothing. */
    private void drain() throws Exception {
        for (int round = 0; round < 1000; round++) {
            if (gate.process(256) == 0 && gate.process(256) == 0) {
                return;
            }
        }
        throw new AssertionError("the gate never ran out of records");
    }

    private InFlightCapture capture(TaskSnapshot snapshot, int channel) {
        return snapshot.inFlight().stream().filter(c -> c.channel() == channels[channel]).findFirst()
            .orElseThrow(() -> new AssertionError("no capture of channel " + channel + " in " + snapshot));
    }

    /** The records of a capture as the snapshot writer persists them: timestamp, then codec bytes. */
    private static List<Long> decode(InFlightCapture capture) {
        List<Long> records = new ArrayList<>();
        capture.writeTo((buffer, offset, length) -> {
            long value = Codecs.LONG.decode(buffer, offset + 8, length - 8);
            assertEquals(value * 10, buffer.getLong(offset), "timestamp of record " + value);
            records.add(value);
        });
        return records;
    }

    /** Values of channel {@code c}, sequences {@code [from, to)}; a list for one channel, a sorted set for two. */
    private static List<Long> values(int c, int from, int to) {
        return LongStream.range(from, to).map(s -> 1000L * c + s).boxed().toList();
    }

    private static TreeSet<Long> values(int c1, int from1, int to1, int c2, int from2, int to2) {
        TreeSet<Long> all = new TreeSet<>(values(c1, from1, to1));
        all.addAll(values(c2, from2, to2));
        return all;
    }

    /** What the task's synchronous part saw. */
    record SyncPart(long checkpointId, boolean unaligned, TreeSet<Long> seenBefore, List<Long> consumed) {
    }

    private final class RecordingTarget implements BarrierHandler.CheckpointTarget {
        final List<SyncPart> snapshots = new ArrayList<>();
        final List<TaskSnapshot> submitted = new ArrayList<>();

        @Override
        public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
            snapshots.add(new SyncPart(checkpointId, unaligned, head.sorted(),
                List.of(channels[0].consumedSequence(), channels[1].consumedSequence())));
            return List.of();
        }

        @Override
        public void submit(TaskSnapshot snapshot) {
            submitted.add(snapshot);
        }
    }

    private static final class RecordingHead extends OneInputOperator<Long, Void> {
        final List<Long> seen = new ArrayList<>();
        Runnable afterEach = () -> { };

        @Override
        public void processElement(Long value, long timestamp) {
            seen.add(value);
            afterEach.run();
        }

        @Override
        public void processWatermark(long watermark) {
        }

        @Override
        public void processIdle(boolean idle) {
        }

        TreeSet<Long> sorted() {
            return new TreeSet<>(seen);
        }
    }
}
