package io.ringflow.checkpoint;

import io.ringflow.checkpoint.CheckpointCoordinator.TaskControl;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;

import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.task.Task;
import io.ringflow.task.TestTasks;
import io.ringflow.testing.ManualClock;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's rules, driven on the test thread with a manual clock: two tasks that never
 * run (a source and the task it feeds), acknowledgements handed in by the test, so every trigger,
 * completion, expiry and failure happens at a known time.
 */
class CheckpointCoordinatorTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;

    private final ManualClock clock = new ManualClock(0);
    private final CheckpointConfig config = new CheckpointConfig().setCheckpointInterval(100);
    private final List<Throwable> jobFailures = new ArrayList<>();
    private final TaskReports reports = new TaskReports();
    private final RecordingTask source = new RecordingTask();
    private final RecordingTask sink = new RecordingTask();
    private CheckpointCoordinator coordinator;
    private JobCheckpoints checkpoints;

    /** Source feeds sink. */
    private static final CheckpointCoordinator.TaskGraph SOURCE_TO_SINK =
        new CheckpointCoordinator.TaskGraph(new int[] {0, 1}, new int[][] {{}, {SOURCE}});

    @Test
    void shouldTriggerByIntervalAndKeepTheMinPauseAfterEachCompletion() {
        config.setMinPauseBetweenCheckpoints(50);
        start();

        assertNotTriggeredUntil(1, 99);
        assertTriggeredAt(1, 100);
        completeAt(1, 130);
        assertNotTriggeredUntil(2, 199);
        assertTriggeredAt(2, 200);       // interval from the last trigger; the pause ended at 180
        completeAt(2, 290);
        assertNotTriggeredUntil(3, 339);  // the interval would allow 300, the pause holds until 340
        assertTriggeredAt(3, 340);

        assertEquals(List.of(100L, 200L, 340L), stats().stream().map(CheckpointStats::triggerTimeMs).toList());
        assertEquals(List.of(CheckpointStatus.COMPLETED, CheckpointStatus.COMPLETED, CheckpointStatus.IN_PROGRESS), statuses());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void shouldKeepAtMostMaxConcurrentCheckpointsPending(int maxConcurrent) {
        config.setMaxConcurrentCheckpoints(maxConcurrent);
        start();

        for (long t = 100; t <= 600; t += 100) {
            clock.advance(100);
            coordinator.doWork();
        }
        for (long id = 1; id <= maxConcurrent; id++) {
            assertNotNull(coordinator.writerFor(id), "checkpoint " + id + " pending");
        }
        assertNull(coordinator.writerFor(maxConcurrent + 1), "no more than " + maxConcurrent + " at once");

        acknowledge(1, SOURCE);
        acknowledge(1, SINK);
        clock.advance(1);
        coordinator.doWork();
        assertNotNull(coordinator.writerFor(maxConcurrent + 1), "a completion makes room for the next");
    }

    @Test
    void shouldSubsumeOlderPendingCheckpointsWithoutCountingThemAsFailures() {
        config.setMaxConcurrentCheckpoints(2);
        start();
        assertTriggeredAt(1, 100);
        assertTriggeredAt(2, 200);

        acknowledge(2, SOURCE);
        acknowledge(2, SINK);
        coordinator.doWork();

        assertEquals(List.of(CheckpointStatus.SUBSUMED, CheckpointStatus.COMPLETED), statuses());
        assertTrue(jobFailures.isEmpty(), "a subsumed checkpoint is no failure, even with no tolerance");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void shouldCountExpiredCheckpointsAndFailTheJobPastTheTolerance(int tolerable) {
        config.setCheckpointTimeout(1_000).setTolerableCheckpointFailureNumber(tolerable);
        start();
        assertTriggeredAt(1, 100);
        clock.advance(999);
        coordinator.doWork();
        assertNotNull(coordinator.writerFor(1), "not expired before its timeout");

        for (int failure = 1; failure <= tolerable + 1; failure++) {
            assertTrue(jobFailures.isEmpty(), "tolerated so far: " + (failure - 1));
            clock.advance(failure == 1 ? 1 : 1_000);
            coordinator.doWork();
            assertEquals(CheckpointStatus.EXPIRED, stats().get(failure - 1).status());
        }
        assertEquals(1, jobFailures.size(), "failure " + (tolerable + 1) + " in a row fails the job");
        CheckpointException failure = assertInstanceOf(CheckpointException.class, jobFailures.get(0));
        assertTrue(failure.getMessage().contains(CheckpointConfig.TOLERABLE_FAILURES), failure.getMessage());
        assertTrue(failure.getMessage().contains(CheckpointConfig.TIMEOUT), failure.getMessage());
    }

    @Test
    void shouldResetTheFailureCountWhenACheckpointCompletes() {
        config.setCheckpointTimeout(1_000).setTolerableCheckpointFailureNumber(1);
        start();
        assertTriggeredAt(1, 100);
        clock.advance(1_000);
        coordinator.doWork();              // 1 expires, 2 is triggered
        completeAt(2, clock.currentTimeMillis() + 10);
        assertTriggeredAt(3, 1_200);
        clock.advance(1_000);
        coordinator.doWork();              // 3 expires: one failure in a row again

        assertEquals(List.of(CheckpointStatus.EXPIRED, CheckpointStatus.COMPLETED, CheckpointStatus.EXPIRED,
            CheckpointStatus.IN_PROGRESS), statuses());
        assertTrue(jobFailures.isEmpty(), "failures are counted in a row only");
    }

    /** As in Flink, a completed savepoint is a completed checkpoint to the failure count. */
    @Test
    void shouldResetTheFailureCountWhenASavepointCompletes(@TempDir Path dir) {
        config.setTolerableCheckpointFailureNumber(1);
        start();
        assertTriggeredAt(1, 100);
        failAt(1, 105);
        var savepoint = coordinator.triggerSavepoint(dir.resolve("savepoint"), false);
        assertTriggeredAt(2, 110);
        completeAt(2, 120);
        assertTrue(savepoint.isDone() && !savepoint.isCompletedExceptionally(), savepoint.toString());
        assertTriggeredAt(3, 200);
        failAt(3, 205);

        assertEquals(List.of(CheckpointStatus.FAILED, CheckpointStatus.COMPLETED, CheckpointStatus.FAILED), statuses());
        assertTrue(jobFailures.isEmpty(), "the savepoint between the failures reset the count: " + jobFailures);
    }

    /** As in Flink, the min pause runs from the last completion, a savepoint's too. */
    @Test
    void shouldHoldTheMinPauseAfterASavepoint(@TempDir Path dir) {
        config.setMinPauseBetweenCheckpoints(50);
        start();
        assertTriggeredAt(1, 100);
        completeAt(1, 110);
        coordinator.triggerSavepoint(dir.resolve("savepoint"), false);
        assertTriggeredAt(2, 120);
        completeAt(2, 180);
        clock.advance(229 - clock.currentTimeMillis());
        coordinator.doWork();
        assertNull(coordinator.writerFor(3), "triggered inside the min pause after the savepoint completed at 180");
        assertTriggeredAt(3, 230);
    }

    /** As in Flink, the failures in a row are the job's: a failover in between does not forgive them. */
    @Test
    void shouldCountFailuresInARowAcrossAFailover() {
        config.setTolerableCheckpointFailureNumber(1);
        start();
        assertTriggeredAt(1, 100);
        failAt(1, 105);
        assertTrue(jobFailures.isEmpty(), "one failure is tolerated");

        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test"); // the next attempt's
        reports.offer(new TaskReport.Started(SOURCE, false)); // the tasks opened their operators: checkpoints may start
        reports.offer(new TaskReport.Started(SINK, false));
        assertTriggeredAt(2, 300);
        failAt(2, 305);

        assertEquals(1, jobFailures.size(), "the second failure in a row fails the job, across the failover");
        assertTrue(jobFailures.get(0).getMessage().contains("2 checkpoint(s) failed in a row"), jobFailures.get(0).getMessage());
    }

    /** As Flink's clearCount: the failures that failed the job start again from 0 in its restart. */
    @Test
    void shouldForgiveTheFailuresThatFailedTheJobInItsRestart() {
        config.setTolerableCheckpointFailureNumber(1);
        start();
        assertTriggeredAt(1, 100);
        failAt(1, 105);
        assertTriggeredAt(2, 300);
        failAt(2, 305);
        assertEquals(1, jobFailures.size(), "two in a row fail the job");

        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test"); // the restart's
        reports.offer(new TaskReport.Started(SOURCE, false));
        reports.offer(new TaskReport.Started(SINK, false));
        assertTriggeredAt(3, 500);
        failAt(3, 505);
        assertEquals(1, jobFailures.size(), "the restart tolerates one failure again");
    }

    /** A task restoring a state slower than the timeout must not see checkpoints expire: none starts before every task runs. */
    @Test
    void shouldTriggerNothingBeforeEveryTaskStarted(@TempDir Path dir) {
        config.setCheckpointTimeout(200);
        config.validate();
        checkpoints = new JobCheckpoints("job", config, List.of(), null, clock);
        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test");
        reports.offer(new TaskReport.Started(SOURCE, false));
        java.util.concurrent.CompletableFuture<CheckpointStats> requested = coordinator.triggerCheckpoint();
        java.util.concurrent.CompletableFuture<Path> savepoint = coordinator.triggerSavepoint(dir.resolve("sp"), false);
        for (long now = 100; now <= 1_000; now += 100) {
            clock.advance(100);
            coordinator.doWork();
            assertTrue(!triggered(1) && source.commands.isEmpty(), "nothing triggered at " + now + " while the sink opens");
        }
        assertTrue(!requested.isDone() && !savepoint.isDone(), "requests wait for the tasks");

        reports.offer(new TaskReport.Started(SINK, false));
        coordinator.doWork();
        assertTrue(triggered(1), "triggered once every task runs");
        assertEquals(List.of(), jobFailures);
    }

    /** Once the attempt fails, nothing starts on it, and what it leaves pending does not count toward the tolerance. */
    @Test
    void shouldNeitherTriggerNorCountFailuresOnAFailingAttempt() {
        config.setCheckpointTimeout(200);
        start();
        assertTriggeredAt(1, 100);
        coordinator.attemptFailing();
        clock.advance(1_000);
        coordinator.doWork(); // checkpoint 1 expires: not counted
        assertTrue(!triggered(2), "no checkpoint on a failing attempt");
        assertEquals(List.of(), jobFailures);

        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test"); // the restart's
        reports.offer(new TaskReport.Started(SOURCE, false));
        reports.offer(new TaskReport.Started(SINK, false));
        assertTriggeredAt(2, clock.currentTimeMillis() + 100);
        failAt(2, clock.currentTimeMillis() + 5);
        assertTrue(jobFailures.get(0).getMessage().contains("1 checkpoint(s) failed in a row"), jobFailures.get(0).getMessage());
    }

    private void failAt(long id, long timeMs) {
        clock.advance(timeMs - clock.currentTimeMillis());
        reports.offer(new TaskAcknowledgement(id, SINK, 0, 0, 0, 0, 0, 0, false, new IllegalStateException("disk on fire")));
        coordinator.doWork();
        assertNull(coordinator.writerFor(id));
    }

    @Test
    void shouldCountAFailedAsynchronousPartAsACheckpointFailure() {
        start();
        assertTriggeredAt(1, 100);
        reports.offer(new TaskAcknowledgement(1, SINK, 0, 0, 0, 0, 0, 0, false,
            new IllegalStateException("disk on fire")));
        coordinator.doWork();

        assertEquals(List.of(CheckpointStatus.FAILED), statuses());
        assertTrue(stats().get(0).failureCause().contains("disk on fire"));
        assertInstanceOf(CheckpointException.class, jobFailures.get(0));
    }

    @Test
    void shouldCountAStorageThatCannotStartACheckpoint(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("in-the-way"), "a file where the checkpoints should go");
        config.setTolerableCheckpointFailureNumber(1);
        config.storage().checkpointsDir(notADirectory.resolve("checkpoints"));
        start();

        clock.advance(100);
        coordinator.doWork();
        assertEquals(List.of(CheckpointStatus.FAILED), statuses());
        assertTrue(jobFailures.isEmpty(), "one failure is tolerated");
        clock.advance(100);
        coordinator.doWork();
        assertEquals(List.of(CheckpointStatus.FAILED, CheckpointStatus.FAILED), statuses());
        assertEquals(1, jobFailures.size());
    }

    @Test
    void shouldCountAStorageThatCannotCompleteACheckpoint(@TempDir Path dir) {
        config.storage().checkpointsDir(dir);
        start();
        assertTriggeredAt(1, 100);
        Path checkpointDir = CheckpointLayout.checkpointDir(CheckpointLayout.jobDir(dir, "job"), 1);
        assertTrue(Files.isDirectory(checkpointDir));
        CheckpointLayout.deleteTree(checkpointDir);   // the metadata can no longer be written

        acknowledge(1, SOURCE);
        acknowledge(1, SINK);
        coordinator.doWork();

        assertEquals(List.of(CheckpointStatus.FAILED), statuses());
        assertInstanceOf(CheckpointException.class, jobFailures.get(0));
    }

    @Test
    void shouldWriteTheMetadataOnlyOnceEveryTaskAcknowledged(@TempDir Path dir) {
        config.storage().checkpointsDir(dir);
        start();
        assertTriggeredAt(1, 100);
        Path checkpointDir = CheckpointLayout.checkpointDir(CheckpointLayout.jobDir(dir, "job"), 1);

        acknowledge(1, SOURCE);
        coordinator.doWork();
        assertTrue(Files.isDirectory(checkpointDir));
        assertTrue(!CheckpointLayout.hasMetadata(checkpointDir), "the sink task did not acknowledge yet");
        assertEquals(List.of(CheckpointStatus.IN_PROGRESS), statuses());

        acknowledge(1, SINK);
        coordinator.doWork();
        assertTrue(CheckpointLayout.hasMetadata(checkpointDir));
        assertEquals(List.of(CheckpointStatus.COMPLETED), statuses());
    }

    @Test
    void shouldEndTheEndToEndDurationAtTheLastAcknowledgementAsFlinkDoes(@TempDir Path dir) {
        config.storage().checkpointsDir(dir); // files: the metadata takes measurable time after the last acknowledgement
        start();
        assertTriggeredAt(1, 100);
        acknowledge(1, SOURCE);
        acknowledge(1, SINK);
        coordinator.doWork();

        CheckpointStats stats = checkpoints.stats().get(0);
        io.ringflow.api.CheckpointTrace trace = checkpoints.traces().get(0);
        assertEquals(CheckpointStatus.COMPLETED, stats.status());
        assertEquals(trace.lastAckSeenMicros(), stats.endToEndDurationMicros(), "trigger → last acknowledgement");
        assertEquals(trace.completedMicros(), stats.completionMicros(), "trigger → metadata written and completed");
        assertTrue(trace.metadataWrittenMicros() > trace.lastAckSeenMicros(), "the metadata came after: " + trace);
        assertTrue(stats.completionMicros() > stats.endToEndDurationMicros(), stats.describe());
    }

    @Test
    void shouldReportCheckpointsInProgressAfterTheSettledOnes() {
        config.setMaxConcurrentCheckpoints(2);
        start();
        assertTriggeredAt(1, 100);
        assertTriggeredAt(2, 200);
        clock.advance(50);

        List<CheckpointStats> running = stats();
        assertEquals(List.of(1L, 2L), running.stream().map(CheckpointStats::id).toList());
        assertEquals(List.of(CheckpointStatus.IN_PROGRESS, CheckpointStatus.IN_PROGRESS), statuses());
        assertEquals(List.of(150L, 50L), running.stream().map(CheckpointStats::endToEndDurationMs).toList());

        completeAt(1, 260);
        assertEquals(List.of(CheckpointStatus.COMPLETED, CheckpointStatus.IN_PROGRESS), statuses());
        assertEquals(2, stats().get(1).id());
    }

    /**
     * A task takes its snapshot and finishes at once, while the snapshot is still being written:
     * the checkpoint must wait for that snapshot rather than complete without it.
     */
    @Test
    void shouldWaitForTheSnapshotOfATaskThatFinishedRightAfterTakingIt() throws Exception {
        java.util.concurrent.CountDownLatch snapshotTaken = new java.util.concurrent.CountDownLatch(1);
        io.ringflow.state.OperatorStateBackend state = new io.ringflow.state.OperatorStateBackend();
        state.getListState(new io.ringflow.api.state.ListStateDescriptor<>("count", new CheckpointTestJobs.ControlledCodec()))
            .add(42L);
        io.ringflow.operator.StreamOperator<Long> stateful = new io.ringflow.operator.StreamOperator<>() {
            @Override
            public OperatorSnapshot snapshotState(long checkpointId) {
                snapshotTaken.countDown();
                return new OperatorSnapshot("stateful", 0, null, null, state.snapshot(), null);
            }
        };
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        io.ringflow.task.TaskInput input = new io.ringflow.task.TaskInput() {
            @Override
            public int process(int limit) {
                Thread.onSpinWait();
                return 0;
            }

            @Override
            public boolean isFinished() {
                return ended.get();
            }
        };
        checkpoints = new JobCheckpoints("job", config,
            List.of(new io.ringflow.storage.metadata.OperatorDescriptor("stateful", 1, 128)), null, clock);
        CheckpointCoordinator[] created = new CheckpointCoordinator[1];
        SnapshotWriter writer = new SnapshotWriter("coordinator-test", id -> created[0].writerFor(id), reports::offer);
        Task sourceTask = TestTasks.task("source", SOURCE, List.of(stateful), input, writer, reports, new NoOpIdleStrategy(),
            clock, (t, failure) -> { });
        coordinator = checkpoints.newCoordinator(List.of(sourceTask, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test");
        created[0] = coordinator;
        reports.offer(new TaskReport.Started(SINK, false));
        Thread sourceThread = new Thread(sourceTask, "test-source");
        CheckpointTestJobs.AsyncControl.block();
        try {
            sourceThread.start();
            awaitAllStarted();
            assertTriggeredAt(1, 100);
            assertTrue(snapshotTaken.await(10, java.util.concurrent.TimeUnit.SECONDS));
            ended.set(true);                                  // the source finishes, its snapshot still being written
            sourceThread.join(10_000);
            assertTrue(!sourceThread.isAlive(), "the source finished");
            acknowledge(1, SINK);
            for (int i = 0; i < 10; i++) {
                clock.advance(1);
                coordinator.doWork();
            }
            assertEquals(List.of(CheckpointStatus.IN_PROGRESS), statuses(),
                "the finished source's snapshot is not written yet");

            CheckpointTestJobs.AsyncControl.releaseAll();
            long deadline = System.currentTimeMillis() + 10_000;
            while (statuses().contains(CheckpointStatus.IN_PROGRESS) && System.currentTimeMillis() < deadline) {
                coordinator.doWork();
                Thread.sleep(1);
            }
            assertEquals(CheckpointStatus.COMPLETED, statuses().get(0));
            int[] chunks = {0};
            checkpoints.storage().latest("job").orElseThrow().readOperatorState("stateful", 0, (name, buffer, offset, length) -> chunks[0]++);
            assertEquals(1, chunks[0], "the finished task's state is in the checkpoint");
            assertTrue(jobFailures.isEmpty(), jobFailures.toString());
        } finally {
            CheckpointTestJobs.AsyncControl.reset();
            ended.set(true);
            sourceThread.join(10_000);
            writer.close();
        }
    }

    /**
     * Checkpoints after tasks finish: a finished task's mailbox is never drained again, so the
     * coordinator must not keep posting completions to it (1024 fill the mailbox).
     */
    @Test
    void shouldKeepCheckpointingForLongAfterATaskFinished() throws Exception {
        config.validate();
        checkpoints = new JobCheckpoints("job", config, List.of(), null, clock);
        CheckpointCoordinator[] created = new CheckpointCoordinator[1];
        SnapshotWriter writer = new SnapshotWriter("coordinator-test", id -> created[0].writerFor(id), reports::offer);
        Task.TaskListener failures = (t, failure) -> {
            if (failure != null) {
                jobFailures.add(failure);
            }
        };
        Task finished = TestTasks.task("finished", SOURCE, List.of(), input(true), writer, reports, new NoOpIdleStrategy(),
            clock, failures);
        Task running = TestTasks.task("running", SINK, List.of(), input(false), writer, reports,
            new org.agrona.concurrent.BackoffIdleStrategy(), clock, failures);
        coordinator = checkpoints.newCoordinator(List.of(finished, running),
            new CheckpointCoordinator.TaskGraph(new int[] {0, 1}, new int[][] {{}, {}}), reports, clock,
            jobFailures::add, () -> "no diagnostics in this test");
        created[0] = coordinator;
        Thread finishing = new Thread(finished, "test-finished-task");
        finishing.start();
        finishing.join(10_000);
        assertTrue(!finishing.isAlive(), "the first task finished");
        Thread runningThread = new Thread(running, "test-running-task");
        runningThread.start();
        try {
            awaitAllStarted();
            for (long id = 1; id <= 1_100 && jobFailures.isEmpty(); id++) {
                assertTriggeredAt(id, clock.currentTimeMillis() + 100);
                long deadline = System.currentTimeMillis() + 10_000;
                while (triggered(id) && System.currentTimeMillis() < deadline && jobFailures.isEmpty()) {
                    coordinator.doWork();
                    Thread.onSpinWait();
                }
            }
        } finally {
            running.cancel();
            runningThread.join(10_000);
            writer.close();
        }
        assertEquals(List.of(), jobFailures);
        List<CheckpointStats> completed = stats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).toList();
        assertEquals(JobCheckpoints.MAX_HISTORY, completed.size(), "statistics keep the newest checkpoints only");
        assertEquals(1_100, completed.get(completed.size() - 1).id(), "every one of the 1,100 checkpoints completed");
    }

    private static io.ringflow.task.TaskInput input(boolean finished) {
        return new io.ringflow.task.TaskInput() {
            @Override
            public int process(int limit) {
                return 0;
            }

            @Override
            public boolean isFinished() {
                return finished;
            }
        };
    }

    private boolean triggered(long id) {
        return coordinator.writerFor(id) != null;
    }

    // ---- harness ----

    /** A duty cycle with nothing to do, before the first trigger and while one is pending, allocates nothing. */
    @Test
    void shouldAllocateNothingInADutyCycleWithNothingToDo() {
        start();
        // 10,000 cycles: any allocation per cycle would show as at least 160,000 bytes; a few bytes are the probe's own
        assertTrue(allocatedByIdleCycles() < 1_000, "idle, nothing pending");
        assertTriggeredAt(1, 100);
        assertTrue(allocatedByIdleCycles() < 1_000, "idle, checkpoint 1 waiting for acknowledgements");
    }

    private long allocatedByIdleCycles() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            coordinator.doWork(); // warm up: the first calls may load classes or fill caches
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            coordinator.doWork();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void shouldTakeATriggeredCheckpointAtOnceAndCompleteItsFutureWithItsStatistics() {
        config.setMinPauseBetweenCheckpoints(50);
        start();
        clock.advance(10);

        java.util.concurrent.CompletableFuture<CheckpointStats> requested = coordinator.triggerCheckpoint();
        coordinator.doWork();

        assertNotNull(coordinator.writerFor(1), "triggered at 10 ms, before the 100 ms interval");
        assertEquals(List.of("trigger 1"), source.commands);
        assertTrue(!requested.isDone(), "not complete before every task acknowledged");
        completeAt(1, 40);
        assertTrue(requested.isDone(), "completed with checkpoint 1");
        CheckpointStats stats = requested.join();
        assertEquals(1, stats.id());
        assertEquals(CheckpointStatus.COMPLETED, stats.status());
        assertEquals(10, stats.triggerTimeMs());
        assertNotTriggeredUntil(2, 109);  // the interval counts from the triggered checkpoint
        assertTriggeredAt(2, 110);
    }

    @Test
    void shouldMakeATriggeredCheckpointWaitForAFreeSlot() {
        start();
        assertTriggeredAt(1, 100);

        java.util.concurrent.CompletableFuture<CheckpointStats> requested = coordinator.triggerCheckpoint();
        clock.advance(5);
        coordinator.doWork();
        assertNull(coordinator.writerFor(2), "max concurrent 1: checkpoint 1 is still pending");

        completeAt(1, 120);
        assertNotNull(coordinator.writerFor(2), "triggered as soon as checkpoint 1 completed, not at 200 ms");
        completeAt(2, 130);
        assertTrue(requested.isDone(), "completed with checkpoint 2");
        assertEquals(2, requested.join().id());
    }

    @Test
    void shouldFailATriggeredCheckpointThatExpiresOrWhoseAttemptEnds() {
        config.setCheckpointTimeout(1_000).setTolerableCheckpointFailureNumber(5);
        start();
        java.util.concurrent.CompletableFuture<CheckpointStats> expiring = coordinator.triggerCheckpoint();
        coordinator.doWork();
        clock.advance(1_000);
        coordinator.doWork();

        assertTrue(expiring.isDone(), "failed at its expiry");
        java.util.concurrent.CompletionException expired = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.CompletionException.class, expiring::join);
        assertTrue(expired.getCause().getMessage().contains("expired"), expired.getCause().getMessage());

        java.util.concurrent.CompletableFuture<CheckpointStats> pendingOne = coordinator.triggerCheckpoint();
        coordinator.doWork(); // triggers it (the expired one freed the slot)
        java.util.concurrent.CompletableFuture<CheckpointStats> queued = coordinator.triggerCheckpoint();
        coordinator.abortAll();

        assertTrue(pendingOne.isCompletedExceptionally(), "pending when the attempt ended");
        assertTrue(queued.isCompletedExceptionally(), "asked for, never triggered");
        assertEquals(List.of(), jobFailures);
    }

    /** A request that reaches an attempt as it ends (the job still shows it as running) must not wait forever. */
    @Test
    void shouldFailARequestOfferedAfterTheAttemptEnded(@TempDir Path dir) {
        start();
        coordinator.abortAll();
        java.util.concurrent.CompletableFuture<CheckpointStats> checkpoint = coordinator.triggerCheckpoint();
        java.util.concurrent.CompletableFuture<Path> savepoint = coordinator.triggerSavepoint(dir, false);

        assertTrue(checkpoint.isCompletedExceptionally(), "the checkpoint asked for after the end");
        assertTrue(savepoint.isCompletedExceptionally(), "the savepoint asked for after the end");
        java.util.concurrent.CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.CompletionException.class, savepoint::join);
        assertTrue(failed.getCause().getMessage().contains("retry once the job runs again"), failed.getCause().getMessage());
    }

    /** Flink's limit: a caller asking in a loop faster than checkpoints complete gets an error, not an ever longer queue. */
    @Test
    void shouldFailARequestAtOnceWhenAThousandWaitAlready(@TempDir Path dir) {
        start(); // no task runs yet: every request waits
        List<java.util.concurrent.CompletableFuture<?>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < CheckpointCoordinator.MAX_QUEUED_REQUESTS; i++) {
            waiting.add(i % 10 == 0 ? coordinator.triggerSavepoint(dir, false) : coordinator.triggerCheckpoint());
        }
        assertTrue(waiting.stream().noneMatch(java.util.concurrent.CompletableFuture::isDone), "the first thousand wait");

        java.util.concurrent.CompletableFuture<CheckpointStats> refused = coordinator.triggerCheckpoint();
        assertTrue(refused.isCompletedExceptionally(), "the next fails at once");
        java.util.concurrent.CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.CompletionException.class, refused::join);
        assertTrue(failed.getCause().getMessage().contains("too many checkpoint and savepoint requests"), failed.getCause().getMessage());

        coordinator.abortAll();
        assertTrue(waiting.stream().allMatch(java.util.concurrent.CompletableFuture::isCompletedExceptionally));
        assertTrue(coordinator.triggerCheckpoint().isCompletedExceptionally(), "after the end, as before");
    }

    private void start() {
        config.validate();
        checkpoints = new JobCheckpoints("job", config, List.of(), null, clock);
        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test");
        reports.offer(new TaskReport.Started(SOURCE, false)); // the tasks opened their operators: checkpoints may start
        reports.offer(new TaskReport.Started(SINK, false));
    }

    /** A task as the coordinator sees it: the commands it was sent, in order. */
    static final class RecordingTask implements TaskControl {
        final List<String> commands = new ArrayList<>();

        @Override
        public void triggerCheckpoint(long checkpointId, boolean stopSource) {
            commands.add("trigger " + checkpointId + (stopSource ? " stop" : ""));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            commands.add("complete " + checkpointId);
        }

        @Override
        public void notifyFinalSavepointComplete() {
            commands.add("final savepoint complete");
        }

        @Override
        public void abortCheckpoint(long checkpointId) {
            commands.add("abort " + checkpointId);
        }
    }

    private void assertNotTriggeredUntil(long id, long lastMs) {
        while (clock.currentTimeMillis() < lastMs) {
            clock.advance(1);
            coordinator.doWork();
            assertNull(coordinator.writerFor(id), "checkpoint " + id + " triggered early, at " + clock.currentTimeMillis());
        }
    }

    /** Until the tasks' threads reported that they run: no checkpoint is triggered before. */
    private void awaitAllStarted() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!coordinator.allStarted() && System.currentTimeMillis() < deadline) {
            coordinator.doWork();
            Thread.onSpinWait();
        }
        assertTrue(coordinator.allStarted(), "every task started");
    }

    private void assertTriggeredAt(long id, long timeMs) {
        clock.advance(timeMs - clock.currentTimeMillis());
        coordinator.doWork();
        assertNotNull(coordinator.writerFor(id), "checkpoint " + id + " not triggered at " + timeMs);
    }

    private void completeAt(long id, long timeMs) {
        clock.advance(timeMs - clock.currentTimeMillis());
        acknowledge(id, SOURCE);
        acknowledge(id, SINK);
        coordinator.doWork();
        assertNull(coordinator.writerFor(id));
    }

    private void acknowledge(long id, int taskIndex) {
        reports.offer(new TaskAcknowledgement(id, taskIndex, 0, 0, 0, 0, 0, 0, false, null));
    }

    private List<CheckpointStats> stats() {
        return checkpoints.stats();
    }

    private List<CheckpointStatus> statuses() {
        return stats().stream().map(CheckpointStats::status).toList();
    }
}
