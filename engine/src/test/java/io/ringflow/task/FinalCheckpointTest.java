package io.ringflow.task;

import io.ringflow.api.Clock;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.checkpoint.TaskAcknowledgement;
import io.ringflow.checkpoint.TaskReport;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.StreamOperator;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.Eventually;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task waiting for its final checkpoint ({@code waitForFinalCheckpoint}) leaves only once a
 * checkpoint snapshotted after its end of input, so after its operators' {@code finish()},
 * completed, whichever way that snapshot was taken (its barrier or a direct trigger). A real task
 * on its own thread: an input gate over two real rings (A and B) with an aligned barrier handler,
 * written by hand from the test thread as upstream tasks write them, a real snapshot writer (whose
 * writer lookup returns null, so nothing is stored) and the coordinator's report queue. The head is
 * a two-phase-commit sink whose {@code finish()} fires a window into its open transaction, as a
 * window at end of input into a transactional sink does: what it fired is committed only if a
 * checkpoint taken after {@code finish()} completed before the task closed it.
 * Nothing sleeps for correctness: "still there" is two mailbox probes that ran one after the other.
 */
@Timeout(10)
class FinalCheckpointTest {
    private static final int TASK_INDEX = 2;
    private static final int A = 0;
    private static final int B = 1;
    private static final long RECORD = 7;

    private final Channel[] channels = {new Channel("up[0]->sink[0]", 8, 32), new Channel("up[1]->sink[0]", 8, 32)};
    private final TaskReports reports = new TaskReports();
    private final List<TaskReport> seenReports = new ArrayList<>();   // test thread only
    private final LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
    private final SnapshotWriter writer = new SnapshotWriter("final-checkpoint-test", id -> null, acknowledgements::add);
    private final LinkedBlockingQueue<Throwable> exits = new LinkedBlockingQueue<>(); // the failure, or this sentinel
    private final Throwable noFailure = new Throwable("no failure");
    private final TwoPhaseSink sink = new TwoPhaseSink();
    private Task task;
    private Thread thread;

    @AfterEach
    void stopTask() throws InterruptedException {
        if (task != null) {
            task.cancel();
            thread.join(2_000);
            assertFalse(thread.isAlive(), "the task did not end after cancel()");
        }
        writer.close();
        for (Channel channel : channels) {
            channel.close();   // after the task's thread ended: it no longer reads them
        }
    }

    /**
     * Barrier 1 reached on A, then A's end and B's end: the handler snapshots 1 when the last channel
     * ends, inside the gate, before the task's end of input calls finish(). The coordinator's direct
     * trigger of 1 arriving after the end finds it taken; completing 1 must not end the wait (what
     * finish() fired is in no checkpoint), only a checkpoint snapshotted after finish() does.
     */
    @Test
    void shouldNotTakeACheckpointItsBarrierTookBeforeItsEndOfInputForItsFinalCheckpoint() throws Exception {
        write(A, RECORD);
        channels[A].emitBarrier(1, false);                 // upstream 0 took checkpoint 1, then ended
        end(A);
        end(B);                                            // upstream 1 ended without barrier 1
        start();

        awaitReport(TaskReport.Started.class);
        assertEquals(1, awaitAck().checkpointId());
        awaitReport(TaskReport.InputEnded.class);
        assertEquals(Map.of(1L, false), sink.finishedAtSnapshot(), "snapshot 1 was taken by its barrier before finish()");
        assertEquals(List.of("record 7", "snapshot 1", "finish", "end-of-input window: 7"), sink.events);

        task.triggerCheckpoint(1, false);                  // the coordinator's direct trigger, late: all upstreams finished
        task.notifyCheckpointComplete(1);
        awaitMailboxRounds();
        assertStillThere("checkpoint 1 was snapshotted before its end of input: the window fired in finish() is in no checkpoint");
        assertEquals(Map.of(1L, false), sink.finishedAtSnapshot(), "the late trigger of 1 took no second snapshot");
        assertEquals(List.of("record 7"), sink.committed, "checkpoint 1 committed only what came before finish()");

        task.triggerCheckpoint(2, false);
        assertEquals(2, awaitAck().checkpointId());
        assertEquals(Map.of(1L, false, 2L, true), sink.finishedAtSnapshot(), "snapshot 2 was taken after finish()");
        awaitMailboxRounds();
        assertStillThere("its final checkpoint 2 was taken but has not completed");

        task.notifyCheckpointComplete(2);
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class);
        assertNull(awaitExit(), "the task failed");

        assertEquals(2, finished.lastSubmittedCheckpointId());
        assertEquals(Task.Lifecycle.FINISHED, task.lifecycle());
        assertEquals(List.of("record 7", "end-of-input window: 7"), sink.committed, "everything it emitted is committed");
        assertEquals(List.of(), sink.abortedAtClose, "nothing was left in an open transaction");
        assertNull(acknowledgements.poll(), "one snapshot per checkpoint: " + acknowledgements);
    }

    /**
     * An upstream task waiting for its own final checkpoint wrote its end of input, then, once its
     * input had ended here, the barrier of its checkpoint 1 after it. The handler takes 1 after this
     * task's end; completing it ends the wait with no direct trigger.
     */
    @Test
    void shouldEndTheWaitWhenACheckpointItsBarrierTookAfterItsEndOfInputCompletes() throws Exception {
        write(A, RECORD);
        end(A);
        end(B);
        start();

        awaitReport(TaskReport.InputEnded.class);
        awaitMailboxRounds();
        assertStillThere("no checkpoint was taken after its end");
        assertEquals(Map.of(), sink.finishedAtSnapshot());

        channels[A].emitBarrier(1, false);                 // upstream 0 snapshotted 1 after its end and places the barrier
        assertEquals(1, awaitAck().checkpointId());
        assertEquals(Map.of(1L, true), sink.finishedAtSnapshot(), "snapshot 1 was taken after finish()");
        awaitMailboxRounds();
        assertStillThere("its final checkpoint 1 was taken but has not completed");

        task.notifyCheckpointComplete(1);
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class);
        assertNull(awaitExit(), "the task failed");

        assertEquals(1, finished.lastSubmittedCheckpointId());
        assertEquals(Task.Lifecycle.FINISHED, task.lifecycle());
        assertEquals(List.of("record 7", "end-of-input window: 7"), sink.committed);
        assertEquals(List.of(), sink.abortedAtClose);
    }

    /**
     * A barrier the upstream placed after its end of input, but visible before this task's last
     * channel ended, is reached at that end: the handler takes it before finish(), as in the first
     * case. It is "after the upstream's end", not "after this task's end": completing it does not end
     * the wait; the next checkpoint, triggered directly, does.
     */
    @Test
    void shouldNotCountABarrierPlacedAfterAnUpstreamEndButTakenBeforeItsOwnEnd() throws Exception {
        write(A, RECORD);
        end(A);
        channels[A].emitBarrier(1, false);                 // upstream 0's final checkpoint, behind its end
        end(B);
        start();

        assertEquals(1, awaitAck().checkpointId());
        awaitReport(TaskReport.InputEnded.class);
        assertEquals(Map.of(1L, false), sink.finishedAtSnapshot(), "reached at the last channel's end, before finish()");

        task.notifyCheckpointComplete(1);
        awaitMailboxRounds();
        assertStillThere("checkpoint 1 was snapshotted before its end of input");

        task.triggerCheckpoint(2, false);
        assertEquals(2, awaitAck().checkpointId());
        task.notifyCheckpointComplete(2);
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class);
        assertNull(awaitExit(), "the task failed");

        assertEquals(2, finished.lastSubmittedCheckpointId());
        assertEquals(Map.of(1L, false, 2L, true), sink.finishedAtSnapshot());
        assertEquals(List.of("record 7", "end-of-input window: 7"), sink.committed);
        assertEquals(List.of(), sink.abortedAtClose);
    }

    // ---- harness ----

    /** The task as the runtime builds a non-source one: gate over both rings, aligned barrier handler, waiting for its final checkpoint. */
    private void start() {
        String name = "ringflow-final-checkpoint-test-" + TASK_INDEX;
        IdleStrategy idle = new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100));
        CancelFlag cancelled = new CancelFlag();
        Mailbox mailbox = new Mailbox();
        List<StreamOperator<?>> operators = List.of(sink);
        TaskSnapshots snapshots = new TaskSnapshots(TASK_INDEX, operators, List.of(), writer, mailbox);
        ChannelDescriptor[] descriptors = new ChannelDescriptor[channels.length];
        for (int c = 0; c < channels.length; c++) {
            descriptors[c] = new ChannelDescriptor("up", c, "sink", 0, 0);
        }
        BarrierHandler barriers = new BarrierHandler(BarrierMode.ALIGNED, 0, Clock.SYSTEM, id -> -1, channels, descriptors, snapshots);
        Backpressure backpressure = Task.backpressure(name, idle, cancelled);
        TaskInput gate = InputGates.channels(channels, new Codec<?>[] {Codecs.LONG, Codecs.LONG}, sink, backpressure, barriers);
        task = new Task(new Task.Parts(name, TASK_INDEX, operators, List.of(), gate, null, mailbox, new TaskTimers(),
            snapshots, barriers, idle, backpressure, cancelled), Clock.SYSTEM, reports, true,
            (exited, failure) -> exits.add(failure == null ? noFailure : failure));
        thread = new Thread(task, name);
        thread.start();
    }

    private void write(int channel, long value) {
        assertTrue(channels[channel].tryWriteRecord(value, value, Codecs.LONG, "test"), "ring full");
    }

    private void end(int channel) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP));
    }

    /** The failure the task exited with, null for none; fails when it did not exit. */
    private Throwable awaitExit() throws InterruptedException {
        Throwable exit = exits.poll(5, TimeUnit.SECONDS);
        assertNotNull(exit, "the task did not exit: " + task.describe());
        return exit == noFailure ? null : exit;
    }

    private TaskAcknowledgement awaitAck() throws InterruptedException {
        TaskAcknowledgement ack = acknowledgements.poll(5, TimeUnit.SECONDS);
        assertNotNull(ack, "the snapshot writer acknowledged nothing: " + task.describe());
        assertNull(ack.failure());
        assertEquals(TASK_INDEX, ack.taskIndex());
        return ack;
    }

    /**
     * Two probes, one after the other, ran on the task thread: the loop checked its exit condition in
     * between (and after everything posted before them). Fails when the task exited instead.
     */
    private void awaitMailboxRounds() {
        for (int round = 0; round < 2; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            task.mailbox().post(ran::countDown);
            Eventually.await("the task drains its mailbox", () -> ran.getCount() == 0 || hasExited(), task::describe);
            assertEquals(0, ran.getCount(), "the task exited: " + task.lifecycle());
        }
    }

    private boolean hasExited() {
        return task.lifecycle() == Task.Lifecycle.FINISHED || task.lifecycle() == Task.Lifecycle.FAILED;
    }

    private void assertStillThere(String why) {
        pollReports();
        assertEquals(0, count(TaskReport.Finished.class), why + ": " + seenReports);
        assertTrue(exits.isEmpty(), why + ": the task exited");
        assertEquals(Task.Lifecycle.INPUT_ENDED, task.lifecycle(), why);
        assertEquals(List.of(), sink.abortedAtClose, why + ": the sink was closed");
    }

    private <T extends TaskReport> T awaitReport(Class<T> type) {
        Eventually.await(type.getSimpleName() + " of task " + TASK_INDEX, () -> {
            pollReports();
            return find(type) != null;
        }, () -> seenReports + "\n" + task.describe());
        return find(type);
    }

    private <T extends TaskReport> T find(Class<T> type) {
        return seenReports.stream().filter(type::isInstance).map(type::cast).filter(r -> r.taskIndex() == TASK_INDEX)
            .findFirst().orElse(null);
    }

    private long count(Class<? extends TaskReport> type) {
        return seenReports.stream().filter(type::isInstance).count();
    }

    private void pollReports() {
        TaskReport report;
        while ((report = reports.poll()) != null) {
            seenReports.add(report);
        }
    }

    /**
     * A two-phase-commit sink with a window at end of input: records and the window fired in
     * finish() go into the open transaction; a snapshot pre-commits it under the checkpoint's id and
     * opens the next; a completed checkpoint commits its transaction and older ones; close() aborts
     * what is still uncommitted. Task thread only; the test reads after an acknowledgement, a mailbox
     * probe or the exit, each of which follows the write.
     */
    private static final class TwoPhaseSink extends OneInputOperator<Long, Void> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> committed = new CopyOnWriteArrayList<>();
        final List<String> abortedAtClose = new CopyOnWriteArrayList<>();
        private final TreeMap<Long, Boolean> finishedAtSnapshot = new TreeMap<>();
        private final TreeMap<Long, List<String>> preCommitted = new TreeMap<>();
        private List<String> open = new ArrayList<>();
        private long sum;
        private boolean finished;

        @Override
        public void processElement(Long value, long timestamp) {
            sum += value;
            emit("record " + value);
        }

        @Override
        public void finish() {
            finished = true;
            events.add("finish");
            emit("end-of-input window: " + sum);
        }

        @Override
        public OperatorSnapshot snapshotState(long checkpointId) {
            synchronized (this) {
                finishedAtSnapshot.put(checkpointId, finished);
            }
            events.add("snapshot " + checkpointId);
            preCommitted.put(checkpointId, open);
            open = new ArrayList<>();
            return null;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            var upTo = preCommitted.headMap(checkpointId, true);
            upTo.values().forEach(committed::addAll);
            upTo.clear();
        }

        @Override
        public void close() {
            preCommitted.values().forEach(abortedAtClose::addAll);
            abortedAtClose.addAll(open);
        }

        @Override
        public void processWatermark(long watermark) {
        }

        @Override
        public void processIdle(boolean idle) {
        }

        /** Checkpoint id to whether finish() had run when it was snapshotted. */
        synchronized Map<Long, Boolean> finishedAtSnapshot() {
            return new TreeMap<>(finishedAtSnapshot);
        }

        private void emit(String what) {
            events.add(what);
            open.add(what);
        }
    }
}
