package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskControl;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's duty cycle run by the thread that acknowledged (the snapshot writer's) as well
 * as by its own: a checkpoint completes on the acknowledging thread when no cycle runs, and a
 * cycle running elsewhere makes that thread leave the report to it instead of waiting.
 */
class CoordinatorCycleThreadsTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;
    private static final CheckpointCoordinator.TaskGraph SOURCE_TO_SINK =
        new CheckpointCoordinator.TaskGraph(new int[] {0, 1}, new int[][] {{}, {SOURCE}});

    private final ManualClock clock = new ManualClock(0);
    private final CheckpointConfig config = new CheckpointConfig().setCheckpointInterval(100);
    private final TaskReports reports = new TaskReports();
    private final ThreadRecordingTask source = new ThreadRecordingTask();
    private final ThreadRecordingTask sink = new ThreadRecordingTask();
    private final List<Throwable> jobFailures = new CopyOnWriteArrayList<>();
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "writer"));
    private JobCheckpoints checkpoints;
    private CheckpointCoordinator coordinator;

    @Test
    void shouldCompleteTheCheckpointOnTheThreadThatOfferedItsLastAcknowledgement() throws Exception {
        start();
        clock.advance(100);
        coordinator.doWork();
        assertNotNull(coordinator.writerFor(1), "checkpoint 1 triggered");

        int work = writerThread.submit(() -> {
            reports.offerQuietly(ack(1, SOURCE));
            reports.offerQuietly(ack(1, SINK));
            return coordinator.tryDoWork();
        }).get(10, TimeUnit.SECONDS);

        assertEquals(2, work, "both acknowledgements handled in that cycle");
        assertNull(coordinator.writerFor(1), "completed");
        assertEquals(List.of("complete 1 on writer"), sink.notifications);
        assertEquals(CheckpointStatus.COMPLETED, checkpoints.stats().get(0).status());
        assertTrue(jobFailures.isEmpty(), jobFailures.toString());
    }

    @Test
    void shouldLeaveTheReportToACycleRunningElsewhereRatherThanWaitForIt() throws Exception {
        config.setMaxConcurrentCheckpoints(2);
        start();
        clock.advance(100);
        coordinator.doWork();
        reports.offer(ack(1, SOURCE));
        coordinator.doWork();

        // the coordinator's own cycle triggers checkpoint 2 and is held inside the source's trigger
        source.holdTriggers();
        clock.advance(100);
        Thread coordinatorThread = new Thread(coordinator::doWork, "coordinator");
        coordinatorThread.start();
        assertTrue(source.triggerEntered.await(10, TimeUnit.SECONDS), "the coordinator's cycle reached the trigger");

        Future<Integer> writerCycle = writerThread.submit(() -> {
            reports.offerQuietly(ack(1, SINK));
            return coordinator.tryDoWork();
        });
        assertEquals(-1, writerCycle.get(10, TimeUnit.SECONDS), "no cycle here while another runs");
        assertNotNull(coordinator.writerFor(1), "the acknowledgement waits in the queue for the next cycle");

        source.releaseTriggers.complete(null);
        coordinatorThread.join(10_000);
        coordinator.doWork();
        assertNull(coordinator.writerFor(1), "the next cycle completed it");
        assertEquals(List.of("complete 1 on " + Thread.currentThread().getName()), sink.notifications);
        assertNotNull(coordinator.writerFor(2), "checkpoint 2 still pending");
    }

    @Test
    void shouldWakeTheParkedCoordinatorOnlyForADecisionDueBeforeItsOwnWakeUp() throws Exception {
        long nowMs = 1_000;
        CountDownLatch parked = new CountDownLatch(1);
        Thread coordinatorThread = new Thread(() -> {
            reports.consumedBy(Thread.currentThread());
            parked.countDown();
            reports.parkConsumer(nowMs, 60_000);
        }, "coordinator");
        coordinatorThread.start();
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        while (coordinatorThread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        reports.wakeConsumerBefore(nowMs + 60_000); // not sooner than it wakes anyway
        coordinatorThread.join(300);
        assertTrue(coordinatorThread.isAlive(), "left parked: nothing falls due before its own wake-up");

        reports.wakeConsumerBefore(nowMs + 5);
        coordinatorThread.join(10_000);
        assertTrue(!coordinatorThread.isAlive(), "woken for a decision due before its wake-up");
    }

    @Test
    void shouldWakeACoordinatorBetweenCyclesWhateverIsDue() {
        reports.consumedBy(Thread.currentThread());
        reports.wakeConsumerBefore(Long.MAX_VALUE); // awake: its next park may rest on a plan made before
        long start = System.nanoTime();
        reports.parkConsumer(0, 60_000);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the park returned on the wake's permit");
    }

    private void start() {
        config.validate();
        checkpoints = new JobCheckpoints("job", config, List.of(), null, clock);
        coordinator = checkpoints.newCoordinator(List.of(source, sink), SOURCE_TO_SINK, reports, clock,
            jobFailures::add, () -> "no diagnostics in this test");
        reports.offer(new TaskReport.Started(SOURCE, false)); // the tasks opened their operators: checkpoints may start
        reports.offer(new TaskReport.Started(SINK, false));
    }

    private static TaskAcknowledgement ack(long id, int taskIndex) {
        return new TaskAcknowledgement(id, taskIndex, 0, 0, 0, 0, 0, 0, false, null);
    }

    @AfterEach
    void stopWriter() {
        writerThread.shutdownNow();
    }

    /** Records on which thread it was told of completions; can hold a trigger until released. */
    private static final class ThreadRecordingTask implements TaskControl {
        final List<String> notifications = new CopyOnWriteArrayList<>();
        final CountDownLatch triggerEntered = new CountDownLatch(1);
        final CompletableFuture<Void> releaseTriggers = new CompletableFuture<>();
        private volatile boolean holding;

        void holdTriggers() {
            holding = true;
        }

        @Override
        public void triggerCheckpoint(long checkpointId, boolean stopSource) {
            if (holding) {
                triggerEntered.countDown();
                releaseTriggers.join();
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            notifications.add("complete " + checkpointId + " on " + Thread.currentThread().getName());
        }

        @Override
        public void notifyFinalSavepointComplete() {
        }

        @Override
        public void abortCheckpoint(long checkpointId) {
        }
    }
}
