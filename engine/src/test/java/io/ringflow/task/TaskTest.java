package io.ringflow.task;

import io.ringflow.api.Clock;
import io.ringflow.checkpoint.TaskAcknowledgement;
import io.ringflow.checkpoint.TaskReport;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.StreamOperator;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.testing.Eventually;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One task on a thread of its own, without rings: a scripted input, probe operators, a real
 * snapshot writer (whose writer lookup returns null, so nothing is stored) and the coordinator's
 * report queue, polled here as the coordinator polls it. Nothing here sleeps for correctness: a
 * "the task is still there" check posts two probes to its mailbox and waits until both ran, so
 * the loop has since checked whether to exit.
 */
@Timeout(10)
class TaskTest {
    private static final int TASK_INDEX = 3;
    private final TaskReports reports = new TaskReports();
    private final List<TaskReport> seenReports = new ArrayList<>();   // test thread only
    private final LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
    private final SnapshotWriter writer = new SnapshotWriter("task-test", id -> null, acknowledgements::add);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final LinkedBlockingQueue<Exit> exits = new LinkedBlockingQueue<>();

    /** What the listener was told when a task's thread ended. */
    record Exit(Task task, Throwable failure, String thread) {
    }

    @AfterEach
    void stopTasks() throws InterruptedException {
        for (Task task : tasks) {
            task.cancel();
        }
        for (Thread thread : threads) {
            thread.join(2_000);
            assertFalse(thread.isAlive(), thread.getName() + " did not end after cancel()");
        }
        writer.close();
    }

    /** Started carries whether any of the task's operators keeps a union list state. */
    @Test
    void shouldReportStartedWithTheUnionListStateFlagOfItsOperators() {
        Probe plain = new Probe("plain");
        Probe union = new Probe("union");
        union.usesUnion = true;
        start(TASK_INDEX, List.of(plain, union), new ScriptedInput(), false);
        start(TASK_INDEX + 1, List.of(new Probe("other")), new ScriptedInput(), false);

        TaskReport.Started withUnion = awaitReport(TaskReport.Started.class, TASK_INDEX);
        TaskReport.Started without = awaitReport(TaskReport.Started.class, TASK_INDEX + 1);

        assertTrue(withUnion.usesUnionListState(), "one of its operators uses a union list state");
        assertFalse(without.usesUnionListState(), "none of its operators uses a union list state");
        assertTrue(plain.events.contains("open") && union.events.contains("open"), "started after opening its operators");
    }

    /** InputEnded comes once the input is finished, after the operators finished, then Finished. */
    @Test
    void shouldReportInputEndedOnlyOnceItsInputIsFinishedThenFinished() {
        Probe operator = new Probe("op");
        ScriptedInput input = new ScriptedInput();
        Task task = start(TASK_INDEX, List.of(operator), input, false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);
        awaitMailboxRounds(task);
        Eventually.await("the task polls its input", () -> input.processCalls.get() > 0);

        pollReports();
        assertEquals(0, count(TaskReport.InputEnded.class), "its input is not finished: " + seenReports);
        assertEquals(Task.Lifecycle.RUNNING, task.lifecycle());
        assertFalse(operator.events.contains("finish"));

        input.finished = true;
        TaskReport.InputEnded ended = awaitReport(TaskReport.InputEnded.class, TASK_INDEX);
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class, TASK_INDEX);
        Exit exit = awaitExit();

        assertEquals(TASK_INDEX, ended.taskIndex());
        assertTrue(seenReports.indexOf(ended) < seenReports.indexOf(finished), "InputEnded before Finished: " + seenReports);
        assertEquals(1, count(TaskReport.InputEnded.class), "InputEnded once: " + seenReports);
        assertEquals(-1, finished.lastSubmittedCheckpointId(), "no checkpoint was handed to the writer");
        assertEquals(List.of(), finished.endPositions());
        assertEquals(List.of("open", "finish", "close"), operator.events);
        assertNull(exit.failure());
        assertEquals(Task.Lifecycle.FINISHED, task.lifecycle());
    }

    /**
     * A task stuck in user code reads its mailbox only later: a trigger whose checkpoint was
     * given up meanwhile takes nothing (its snapshot would be thrown away), the next one does.
     */
    @Test
    void shouldSkipATriggerWhoseCheckpointWasAbortedBeforeTheTaskReadIt() throws Exception {
        Probe operator = new Probe("op");
        Task task = start(TASK_INDEX, List.of(operator), new ScriptedInput(), false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        task.mailbox().post(() -> {
            stuck.countDown();
            try {
                release.await(); // user code blocked on something slow
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(stuck.await(5, TimeUnit.SECONDS));

        task.triggerCheckpoint(7, false);
        task.abortCheckpoint(7);
        task.triggerCheckpoint(8, false);
        release.countDown();
        TaskAcknowledgement ack = awaitAck();

        assertEquals(8, ack.checkpointId());
        assertEquals(List.of(8L), operator.snapshotIds, "checkpoint 7 was given up before the task read its trigger");
        assertNull(acknowledgements.poll(200, TimeUnit.MILLISECONDS), "one acknowledgement");
    }

    /** A trigger posted to its mailbox snapshots its operators on its own thread and hands the snapshot to the writer. */
    @Test
    void shouldTakeATriggeredCheckpointOnItsThreadAndHandItToTheSnapshotWriter() throws Exception {
        Probe operator = new Probe("op");
        Task task = start(TASK_INDEX, List.of(operator), new ScriptedInput(), false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);

        task.triggerCheckpoint(7, false);
        TaskAcknowledgement ack = acknowledgements.poll(5, TimeUnit.SECONDS);

        assertNotNull(ack, "the snapshot writer acknowledged nothing");
        assertEquals(7, ack.checkpointId());
        assertEquals(TASK_INDEX, ack.taskIndex());
        assertNull(ack.failure());
        assertFalse(ack.unaligned(), "a trigger on the task is no barrier overtaking records");
        assertEquals(List.of(7L), operator.snapshotIds);
        assertEquals(List.of(threads.get(0).getName()), operator.snapshotThreads, "snapshotted on the task's thread");
        assertEquals(7, task.lastSubmittedCheckpointId());
        assertNull(acknowledgements.poll(), "one acknowledgement per checkpoint");
    }

    /** Finished carries the newest checkpoint handed to the writer and the source positions of the last snapshot. */
    @Test
    void shouldReportItsLastSubmittedCheckpointAndSourcePositionsWhenFinished() throws Exception {
        Probe source = new Probe("source");
        source.sourcePositions = true;
        Probe stateless = new Probe("map");
        ScriptedInput input = new ScriptedInput();
        Task task = start(TASK_INDEX, List.of(source, stateless), input, false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);

        task.triggerCheckpoint(3, false);
        task.triggerCheckpoint(5, false);
        assertEquals(3, awaitAck().checkpointId());
        assertEquals(5, awaitAck().checkpointId());
        input.finished = true;
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class, TASK_INDEX);

        assertEquals(5, finished.lastSubmittedCheckpointId());
        assertEquals(1, finished.endPositions().size(), "only the source's snapshot has a position: " + finished);
        OperatorSnapshot position = finished.endPositions().get(0);
        assertEquals("source", position.uid());
        assertArrayEquals(new byte[] {5}, position.sourcePosition(), "the position of the last snapshot, checkpoint 5");
        assertNull(awaitExit().failure());
    }

    /** With waitForFinalCheckpoint it stays after its end until a checkpoint triggered after the end completed. */
    @Test
    void shouldStayAfterItsEndUntilACheckpointTriggeredAfterItCompleted() throws Exception {
        Probe operator = new Probe("sink");
        ScriptedInput input = new ScriptedInput();
        Task task = start(TASK_INDEX, List.of(operator), input, true);
        awaitReport(TaskReport.Started.class, TASK_INDEX);
        task.triggerCheckpoint(1, false);
        assertEquals(1, awaitAck().checkpointId());

        input.finished = true;
        awaitReport(TaskReport.InputEnded.class, TASK_INDEX);
        task.notifyCheckpointComplete(1);                  // triggered before its end: its last records are not in it
        awaitMailboxRounds(task);
        assertStillThere(task, "a checkpoint from before its end completed");

        task.triggerCheckpoint(2, false);
        assertEquals(2, awaitAck().checkpointId());
        awaitMailboxRounds(task);
        assertStillThere(task, "its final checkpoint was taken but has not completed");

        task.notifyCheckpointComplete(2);
        TaskReport.Finished finished = awaitReport(TaskReport.Finished.class, TASK_INDEX);
        Exit exit = awaitExit();

        assertEquals(2, finished.lastSubmittedCheckpointId());
        assertNull(exit.failure());
        assertEquals(List.of(1L, 2L), operator.completedIds, "its operators were told of every completion");
        assertEquals(Task.Lifecycle.FINISHED, task.lifecycle());
    }

    /** cancel() ends the task with its operators closed, no Finished report, and no failure for the listener. */
    @Test
    void shouldEndWithoutAFinishedReportWhenCancelled() {
        Probe operator = new Probe("op");
        Task task = start(TASK_INDEX, List.of(operator), new ScriptedInput(), false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);

        task.cancel();
        Exit exit = awaitExit();

        assertSame(task, exit.task());
        assertEquals(threads.get(0).getName(), exit.thread(), "told on the task's thread as it ends");
        assertNull(exit.failure(), "a cancelled task did not fail");
        pollReports();
        assertEquals(0, count(TaskReport.Finished.class), "a cancelled task is not finished: " + seenReports);
        assertEquals(0, count(TaskReport.InputEnded.class));
        assertEquals(List.of("open", "close"), operator.events, "closed, never finished");
        assertEquals(Task.Lifecycle.FAILED, task.lifecycle());
    }

    /** An operator whose open() throws ends the task with that failure and no Finished report; what never opened is not closed. */
    @Test
    void shouldExitWithTheFailureOfAnOperatorThatCannotOpen() {
        Probe head = new Probe("head");
        Probe tail = new Probe("tail");
        IllegalStateException boom = new IllegalStateException("cannot open");
        tail.openFailure = boom;
        ScriptedInput input = new ScriptedInput();
        input.finished = true;                              // would finish at once if it ran
        Task task = start(TASK_INDEX, List.of(head, tail), input, false);

        Exit exit = awaitExit();

        assertSame(boom, exit.failure());
        pollReports();
        assertEquals(List.of(), seenReports, "neither Started nor Finished");
        assertEquals(List.of(), head.events, "the head opens after the operators after it: never opened, so not closed");
        assertEquals(List.of("open", "close"), tail.events, "the operator whose open() failed is closed: it may hold what it opened");
        assertEquals(Task.Lifecycle.FAILED, task.lifecycle());
    }

    /** An operator failing on a record ends the task with that failure and no Finished report. */
    @Test
    void shouldExitWithTheFailureOfAnOperatorFailingOnARecord() {
        FailingHead head = new FailingHead();
        ScriptedInput input = new ScriptedInput();
        input.head = head;
        Task task = start(TASK_INDEX, List.of(head), input, false);
        awaitReport(TaskReport.Started.class, TASK_INDEX);

        input.records.add(1L);
        input.records.add(-1L);                             // the head fails on it
        input.records.add(2L);
        input.finished = true;
        Exit exit = awaitExit();

        assertSame(head.failure, exit.failure());
        assertEquals(List.of(1L), head.seen, "nothing processed after the failure");
        pollReports();
        assertEquals(0, count(TaskReport.Finished.class), "a failed task is not finished: " + seenReports);
        assertEquals(Task.Lifecycle.FAILED, task.lifecycle());
        assertTrue(head.closed.get(), "closed after the failure");
    }

    /** Commands posted after the task exited are dropped without an exception: a late coordinator command must not throw. */
    @Test
    void shouldDropWhatIsPostedToItsMailboxAfterItExited() throws Exception {
        Probe operator = new Probe("op");
        ScriptedInput input = new ScriptedInput();
        input.finished = true;
        Task task = start(TASK_INDEX, List.of(operator), input, false);
        awaitExit();
        AtomicBoolean ran = new AtomicBoolean();

        assertDoesNotThrow(() -> {
            for (int id = 1; id <= 2_000; id++) {          // more than the mailbox holds
                task.triggerCheckpoint(id, false);
                task.notifyCheckpointComplete(id);
                task.abortCheckpoint(id);
            }
            task.notifyFinalSavepointComplete();
            task.mailbox().post(() -> ran.set(true));
        });

        assertEquals(0, task.mailbox().drain(), "nothing was queued after the exit");
        assertFalse(ran.get());
        assertEquals(List.of("open", "finish", "close"), operator.events, "no operator was called after the exit");
        assertTrue(operator.snapshotIds.isEmpty());
        assertTrue(acknowledgements.isEmpty(), "no snapshot went to the writer");
    }

    // ---- harness ----

    private Task start(int taskIndex, List<StreamOperator<?>> operators, ScriptedInput input, boolean waitForFinalCheckpoint) {
        String name = "ringflow-task-test-" + taskIndex;
        Task task = TestTasks.task(name, taskIndex, operators, input, writer, reports,
            new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100)), Clock.SYSTEM, waitForFinalCheckpoint,
            (exited, failure) -> exits.add(new Exit(exited, failure, Thread.currentThread().getName())));
        Thread thread = new Thread(task, name);
        tasks.add(task);
        threads.add(thread);
        thread.start();
        return task;
    }

    private Exit awaitExit() {
        try {
            Exit exit = exits.poll(5, TimeUnit.SECONDS);
            assertNotNull(exit, "the task did not exit");
            return exit;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private TaskAcknowledgement awaitAck() throws InterruptedException {
        TaskAcknowledgement ack = acknowledgements.poll(5, TimeUnit.SECONDS);
        assertNotNull(ack, "the snapshot writer acknowledged nothing");
        assertNull(ack.failure());
        return ack;
    }

    /**
     * Two probes, one after the other, ran on the task thread: the loop checked its exit condition in
     * between. Fails at once when the task exited instead (its mailbox drops the probe).
     */
    private static void awaitMailboxRounds(Task task) {
        for (int round = 0; round < 2; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            task.mailbox().post(ran::countDown);
            Eventually.await("the task drains its mailbox", () -> ran.getCount() == 0 || hasExited(task), task::describe);
            assertEquals(0, ran.getCount(), "the task exited: " + task.lifecycle());
        }
    }

    private static boolean hasExited(Task task) {
        return task.lifecycle() == Task.Lifecycle.FINISHED || task.lifecycle() == Task.Lifecycle.FAILED;
    }

    private void assertStillThere(Task task, String why) {
        pollReports();
        assertEquals(0, count(TaskReport.Finished.class), why + ": " + seenReports);
        assertTrue(exits.isEmpty(), why + ": the task exited");
        assertEquals(Task.Lifecycle.INPUT_ENDED, task.lifecycle());
    }

    private <T extends TaskReport> T awaitReport(Class<T> type, int taskIndex) {
        Eventually.await(type.getSimpleName() + " of task " + taskIndex, () -> {
            pollReports();
            return find(type, taskIndex) != null;
        }, () -> seenReports);
        return find(type, taskIndex);
    }

    private <T extends TaskReport> T find(Class<T> type, int taskIndex) {
        return seenReports.stream().filter(type::isInstance).map(type::cast).filter(r -> r.taskIndex() == taskIndex)
            .findFirst().orElse(null);
    }

    private long count(Class<? extends TaskReport> type) {
        return seenReports.stream().filter(type::isInstance).count();
    }

    /** Drains the queue as the coordinator does. */
    private void pollReports() {
        TaskReport report;
        while ((report = reports.poll()) != null) {
            seenReports.add(report);
        }
    }

    /** An input the test scripts: records for a head, if any, and its end. */
    private static final class ScriptedInput implements TaskInput {
        final ConcurrentLinkedQueue<Long> records = new ConcurrentLinkedQueue<>();
        final AtomicInteger processCalls = new AtomicInteger();
        volatile OneInputOperator<Long, ?> head;
        volatile boolean finished;

        @Override
        public int process(int limit) throws Exception {
            processCalls.incrementAndGet();
            int done = 0;
            Long record;
            while (done < limit && head != null && (record = records.poll()) != null) {
                head.processElement(record, 0);
                done++;
            }
            return done;
        }

        @Override
        public boolean isFinished() {
            return finished && records.isEmpty();
        }
    }

    /** Records its life cycle; with {@code sourcePositions} its snapshot holds the checkpoint id as a read position. */
    private static final class Probe extends StreamOperator<Void> {
        final String uid;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> snapshotIds = new CopyOnWriteArrayList<>();
        final List<String> snapshotThreads = new CopyOnWriteArrayList<>();
        final List<Long> completedIds = new CopyOnWriteArrayList<>();
        volatile boolean usesUnion;
        volatile boolean sourcePositions;
        volatile Exception openFailure;

        Probe(String uid) {
            this.uid = uid;
        }

        @Override
        public void open() throws Exception {
            events.add("open");
            if (openFailure != null) {
                throw openFailure;
            }
        }

        @Override
        public void finish() {
            events.add("finish");
        }

        @Override
        public void close() {
            events.add("close");
        }

        @Override
        public boolean usesUnionListState() {
            return usesUnion;
        }

        @Override
        public OperatorSnapshot snapshotState(long checkpointId) {
            snapshotIds.add(checkpointId);
            snapshotThreads.add(Thread.currentThread().getName());
            return sourcePositions ? new OperatorSnapshot(uid, 0, null, null, null, new byte[] {(byte) checkpointId}) : null;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completedIds.add(checkpointId);
        }
    }

    /** Fails on a negative record. */
    private static final class FailingHead extends OneInputOperator<Long, Void> {
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final IllegalArgumentException failure = new IllegalArgumentException("negative record");
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void processElement(Long value, long timestamp) {
            if (value < 0) {
                throw failure;
            }
            seen.add(value);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
