package io.ringflow.checkpoint;

import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.checkpoint.CheckpointCoordinatorTest.RecordingTask;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's decisions about tasks that end: which checkpoints it triggers, on whom, when
 * and what it awaits, driven by task reports and a manual clock on the test thread, so that a
 * decision not taken is asserted at every millisecond it could have been taken.
 */
class CoordinatorDecisionsTest {
    private static final int SOURCE = 0;
    private static final int SINK = 1;
    /** Source feeds sink. */
    private static final CheckpointCoordinator.TaskGraph SOURCE_TO_SINK =
        new CheckpointCoordinator.TaskGraph(new int[] {0, 1}, new int[][] {{}, {SOURCE}});

    private final ManualClock clock = new ManualClock(0);
    private final CheckpointConfig config = new CheckpointConfig().setCheckpointInterval(100);
    private final TaskReports reports = new TaskReports();
    private final List<Throwable> jobFailures = new ArrayList<>();
    private List<RecordingTask> tasks;
    private CheckpointCoordinator coordinator;
    private JobCheckpoints checkpoints;

    /** checkpoints-after-tasks-finish = false: once a task finished, no periodic checkpoint is triggered. */
    @Test
    void shouldTriggerNoCheckpointAfterATaskFinishedWhenDisabled() {
        config.setCheckpointsAfterTasksFinish(false);
        start(SOURCE_TO_SINK, List.of());
        completeAt(1, 100, SOURCE, SINK);

        at(150, new TaskReport.InputEnded(SOURCE), new TaskReport.Finished(SOURCE, 1, List.of()));
        assertNoTriggerUntil(2, 1_000);
        assertEquals(List.of(1L), ids());
        assertEquals(List.of("trigger 1"), triggers(SOURCE));
        assertEquals(List.of(), triggers(SINK));
    }

    /** checkpoints-after-tasks-finish = true: checkpoints go on at each interval, without the finished task. */
    @Test
    void shouldKeepCheckpointingWithoutTheFinishedTaskWhenEnabled() {
        start(SOURCE_TO_SINK, List.of());
        completeAt(1, 100, SOURCE, SINK);

        at(150, new TaskReport.InputEnded(SOURCE), new TaskReport.Finished(SOURCE, 1, List.of()));
        assertNoTriggerUntil(2, 199);
        completeAt(2, 200, SINK);                    // the sink alone completes it
        completeAt(3, 300, SINK);
        assertEquals(List.of("trigger 1"), triggers(SOURCE), "a finished task is sent no trigger");
        assertEquals(List.of("trigger 2", "trigger 3"), triggers(SINK), "its only upstream finished: triggered directly");
        assertEquals(List.of(200L, 300L), stats().subList(1, 3).stream().map(CheckpointStats::triggerTimeMs).toList());
    }

    /** Union list state: no checkpoint while one subtask of its chain finished and another still reads input. */
    @Test
    void shouldHoldCheckpointsWhileOnlySomeUnionStateSubtasksFinished() {
        start(new CheckpointCoordinator.TaskGraph(new int[] {0, 0}, new int[][] {{}, {}}), List.of());
        at(0, new TaskReport.Started(0, true), new TaskReport.Started(1, true));
        completeAt(1, 100, 0, 1);

        at(150, new TaskReport.InputEnded(1), new TaskReport.Finished(1, 1, List.of()));
        assertNoTriggerUntil(2, 1_050);
        assertEquals(List.of("trigger 1"), triggers(0));

        at(1_050, new TaskReport.InputEnded(0));        // no subtask reads input now: the final checkpoint goes
        assertNotNull(coordinator.writerFor(2), "the final checkpoint once the other subtask ended its input");
        assertEquals(1_050, stats().get(1).triggerTimeMs());
        assertEquals(List.of("trigger 1", "trigger 2"), triggers(0));
    }

    /** All input ended everywhere: the final checkpoint is triggered in the next duty cycle, not at the next interval. */
    @Test
    void shouldTriggerTheFinalCheckpointAtOnceWhenEveryTaskEndedItsInput() {
        start(SOURCE_TO_SINK, List.of());
        completeAt(1, 100, SOURCE, SINK);

        at(120, new TaskReport.InputEnded(SOURCE));
        assertNull(coordinator.writerFor(2), "the sink still reads input");
        at(130, new TaskReport.InputEnded(SINK));
        assertNotNull(coordinator.writerFor(2), "triggered at 130, 70 ms before the interval");
        assertEquals(List.of(100L, 130L), stats().stream().map(CheckpointStats::triggerTimeMs).toList());
        assertEquals(List.of("trigger 1", "trigger 2"), triggers(SOURCE));
        assertEquals(List.of("trigger 2"), triggers(SINK), "no barrier comes after the end of input: triggered directly");
        assertEquals(TaskPhases.Phase.AWAITING_FINAL, phaseOf(SOURCE));
        assertEquals(TaskPhases.Phase.AWAITING_FINAL, phaseOf(SINK));
    }

    /**
     * A final checkpoint that expires (tolerated) is retried at once, not at the next interval:
     * with a 10-minute interval a bounded job sat about 10 minutes before it ended.
     */
    @Test
    void shouldRetryAFailedFinalCheckpointAtOnce() {
        config.setCheckpointInterval(600_000).setCheckpointTimeout(500).setTolerableCheckpointFailureNumber(5);
        start(SOURCE_TO_SINK, List.of());
        at(120, new TaskReport.InputEnded(SOURCE), new TaskReport.InputEnded(SINK));
        assertNotNull(coordinator.writerFor(1), "the final checkpoint at once");
        acknowledge(1, SOURCE);
        at(620);                                         // the sink never acknowledged it: expired
        assertEquals(CheckpointStatus.EXPIRED, stats().get(0).status());
        assertNotNull(coordinator.writerFor(2), "retried in the same duty cycle, not 10 minutes later");
        assertEquals(620L, stats().get(1).triggerTimeMs());
        acknowledge(2, SOURCE);
        acknowledge(2, SINK);
        at(621);
        assertEquals(List.of(CheckpointStatus.EXPIRED, CheckpointStatus.COMPLETED), statuses());
        assertNoTriggerUntil(3, 1_500);                 // a completed final checkpoint is not taken again
        assertEquals(List.of(), jobFailures);
    }

    /**
     * The final checkpoint waits for a free slot under max-concurrent, but not for the min pause:
     * it goes "without waiting for the periodic trigger" (Flink's docs), and the min pause is the periodic trigger's rule.
     */
    @Test
    void shouldWaitForAFreeSlotButNotTheMinPauseBeforeTheFinalCheckpoint() {
        config.setMinPauseBetweenCheckpoints(50);
        start(SOURCE_TO_SINK, List.of());
        at(100);
        assertNotNull(coordinator.writerFor(1));
        at(120, new TaskReport.InputEnded(SOURCE), new TaskReport.InputEnded(SINK));
        assertNoTriggerUntil(2, 129);                    // checkpoint 1 still holds the one slot
        acknowledge(1, SOURCE);
        acknowledge(1, SINK);
        at(130);
        assertNull(coordinator.writerFor(1), "checkpoint 1 completed at 130");
        assertNotNull(coordinator.writerFor(2), "the final checkpoint at once, inside the min pause");
        assertEquals(List.of(100L, 130L), stats().stream().map(CheckpointStats::triggerTimeMs).toList());
    }

    /** With checkpoints-after-tasks-finish off no task waits for a final checkpoint, so none is triggered at once. */
    @Test
    void shouldTriggerNoFinalCheckpointWhenCheckpointsAfterTasksFinishIsOff() {
        config.setCheckpointsAfterTasksFinish(false);
        start(SOURCE_TO_SINK, List.of());
        completeAt(1, 100, SOURCE, SINK);
        at(120, new TaskReport.InputEnded(SOURCE), new TaskReport.InputEnded(SINK));
        assertNoTriggerUntil(2, 199);                    // only the next periodic one, until a task finished
        at(200);
        assertEquals(200L, stats().get(1).triggerTimeMs());
    }

    /**
     * A pending checkpoint that a subtask keeping union list state finished without, while another
     * still reads input, would lack its union state: it fails, and does not count toward the tolerance.
     */
    @Test
    void shouldFailAPendingCheckpointThatAUnionStateSubtaskFinishedWithout() {
        start(new CheckpointCoordinator.TaskGraph(new int[] {0, 0}, new int[][] {{}, {}}), List.of());
        at(0, new TaskReport.Started(0, true), new TaskReport.Started(1, true));
        at(100);
        assertNotNull(coordinator.writerFor(1));
        acknowledge(1, 0);
        at(120, new TaskReport.InputEnded(1), new TaskReport.Finished(1, 0, List.of()));
        assertNull(coordinator.writerFor(1), "given up");
        assertEquals(List.of(CheckpointStatus.FAILED), statuses());
        assertTrue(stats().get(0).failureCause().contains("union list state"), stats().get(0).failureCause());
        assertEquals(List.of(), jobFailures, "not a failure of the job: tolerable-failed-checkpoints is 0 here");
    }

    /** A task whose input ended takes a periodic checkpoint by a direct trigger, and then awaits its final one. */
    @Test
    void shouldTriggerATaskWhoseInputEndedDirectly() {
        int otherSource = 2;
        start(new CheckpointCoordinator.TaskGraph(new int[] {0, 1, 2}, new int[][] {{}, {SOURCE}, {}}), List.of());
        at(50, new TaskReport.InputEnded(SOURCE), new TaskReport.InputEnded(SINK));
        assertEquals(TaskPhases.Phase.INPUT_ENDED, phaseOf(SINK));

        at(100);
        assertNotNull(coordinator.writerFor(1));
        assertEquals(List.of("trigger 1"), triggers(SINK));
        assertEquals(TaskPhases.Phase.AWAITING_FINAL, phaseOf(SINK));
        assertEquals(List.of("trigger 1"), triggers(otherSource));
        assertEquals(TaskPhases.Phase.RUNNING, phaseOf(otherSource));
    }

    /** A source that finished before a pending checkpoint takes part by its end position, in it and in every later one. */
    @Test
    void shouldCarryTheEndPositionOfASourceThatFinishedBeforeAPendingCheckpoint(@TempDir Path dir) {
        config.storage().checkpointsDir(dir);
        start(SOURCE_TO_SINK, List.of(new OperatorDescriptor("numbers", 1, 128)));
        byte[] end = {4, 2};
        at(100);
        assertNotNull(coordinator.writerFor(1));

        at(110, new TaskReport.InputEnded(SOURCE),
            new TaskReport.Finished(SOURCE, -1, List.of(new OperatorSnapshot("numbers", 0, null, null, null, end))));
        assertNotNull(coordinator.writerFor(1), "the sink is still awaited");
        acknowledge(1, SINK);
        at(120);
        assertEquals(List.of(CheckpointStatus.COMPLETED), statuses());
        CompletedCheckpoint first = checkpoints.storage().latest("job").orElseThrow();
        assertEquals(1, first.checkpointId());
        assertArrayEquals(end, first.sourcePosition("numbers", 0));

        completeAt(2, 200, SINK);
        CompletedCheckpoint second = checkpoints.storage().latest("job").orElseThrow();
        assertEquals(2, second.checkpointId());
        assertArrayEquals(end, second.sourcePosition("numbers", 0), "a checkpoint triggered after the end carries it too");
    }

    /** A task that finished after submitting the pending checkpoint is awaited until its acknowledgement arrives. */
    @Test
    void shouldAwaitATaskThatFinishedAfterSubmittingThePendingCheckpoint() {
        start(SOURCE_TO_SINK, List.of());
        at(100);
        at(110, new TaskReport.InputEnded(SOURCE), new TaskReport.Finished(SOURCE, 1, List.of()));
        acknowledge(1, SINK);
        at(120);
        assertEquals(List.of(CheckpointStatus.IN_PROGRESS), statuses(), "the source's snapshot of 1 is still being written");
        assertEquals(List.of(), triggers(SINK), "the source sent its barrier: no direct trigger");

        acknowledge(1, SOURCE);
        at(130);
        assertEquals(List.of(CheckpointStatus.COMPLETED), statuses());
    }

    /** A task whose only upstream finished without taking the pending checkpoint is triggered directly: no barrier comes. */
    @Test
    void shouldTriggerADownstreamTaskWhoseOnlyUpstreamFinishedWithoutThePendingCheckpoint() {
        start(SOURCE_TO_SINK, List.of());
        at(100);
        assertEquals(List.of("trigger 1"), triggers(SOURCE));
        at(110, new TaskReport.InputEnded(SOURCE));
        assertEquals(List.of(), triggers(SINK), "its upstream has not finished yet");

        at(120, new TaskReport.Finished(SOURCE, -1, List.of()));
        assertEquals(List.of("trigger 1"), triggers(SINK));
        completeAt(1, 130, SINK);
    }

    /** A task reporting finished while still reading input is a bug: the coordinator's phases refuse it. */
    @Test
    void shouldRejectAFinishedReportFromATaskWhoseInputDidNotEnd() {
        start(SOURCE_TO_SINK, List.of());
        reports.offer(new TaskReport.Finished(SOURCE, -1, List.of()));
        IllegalStateException refused = assertThrows(IllegalStateException.class, coordinator::doWork);
        assertTrue(refused.getMessage().contains("RUNNING"), refused.getMessage());
    }

    // ---- harness ----

    /**
     * The coordinator's thread parks for {@code millisUntilDue}: a duty cycle a millisecond
     * earlier decides nothing, one at that time triggers or expires, so the park misses nothing.
     */
    @Test
    void shouldSayExactlyWhenTheNextTriggerOrExpiryFallsDue() {
        config.setCheckpointTimeout(250).setMinPauseBetweenCheckpoints(130).setTolerableCheckpointFailureNumber(1);
        start(SOURCE_TO_SINK, List.of());
        assertEquals(Long.MAX_VALUE, coordinator.millisUntilDue(0), "nothing is due before the tasks reported they run");
        at(0);
        assertEquals(100, coordinator.millisUntilDue(0), "the first interval");
        assertNoTriggerUntil(1, 99);
        at(100);
        assertNotNull(coordinator.writerFor(1));

        assertEquals(200, coordinator.millisUntilDue(150), "the pending checkpoint's expiry at 350");
        acknowledge(1, SOURCE);
        acknowledge(1, SINK);
        at(150);
        assertEquals(CheckpointStatus.COMPLETED, stats().get(0).status());
        assertEquals(130, coordinator.millisUntilDue(150), "the min pause after the completion at 150 ends at 280");
        assertNoTriggerUntil(2, 279);
        at(280);
        assertNotNull(coordinator.writerFor(2));

        assertEquals(250, coordinator.millisUntilDue(280));
        assertNoTriggerUntil(3, 529);
        assertEquals(CheckpointStatus.IN_PROGRESS, stats().get(1).status());
        assertEquals(1, coordinator.millisUntilDue(529));
        at(530);
        assertEquals(CheckpointStatus.EXPIRED, stats().get(1).status());
    }

    private void start(CheckpointCoordinator.TaskGraph graph, List<OperatorDescriptor> operators) {
        config.validate();
        tasks = new ArrayList<>();
        for (int t = 0; t < graph.chainOf().length; t++) {
            tasks.add(new RecordingTask());
        }
        checkpoints = new JobCheckpoints("job", config, operators, null, clock);
        coordinator = checkpoints.newCoordinator(tasks, graph, reports, clock, jobFailures::add,
            () -> "no diagnostics in this test");
        for (int t = 0; t < tasks.size(); t++) {
            reports.offer(new TaskReport.Started(t, false)); // opened their operators: checkpoints may start
        }
    }

    /** Moves the clock to {@code timeMs}, hands in the reports and runs one duty cycle. */
    private void at(long timeMs, TaskReport... taskReports) {
        clock.set(timeMs);
        for (TaskReport report : taskReports) {
            reports.offer(report);
        }
        coordinator.doWork();
        assertEquals(List.of(), jobFailures);
    }

    /** Checkpoint {@code id} is triggered at {@code timeMs} and completes there once {@code acknowledging} acknowledged. */
    private void completeAt(long id, long timeMs, int... acknowledging) {
        at(timeMs);
        assertNotNull(coordinator.writerFor(id), "checkpoint " + id + " not triggered at " + timeMs);
        for (int task : acknowledging) {
            acknowledge(id, task);
        }
        coordinator.doWork();
        assertNull(coordinator.writerFor(id));
        assertEquals(CheckpointStatus.COMPLETED, stats().stream().filter(s -> s.id() == id).findFirst().orElseThrow().status());
    }

    /** A duty cycle at every millisecond up to {@code lastMs}: none triggers checkpoint {@code id}. */
    private void assertNoTriggerUntil(long id, long lastMs) {
        while (clock.currentTimeMillis() < lastMs) {
            at(clock.currentTimeMillis() + 1);
            assertNull(coordinator.writerFor(id), "checkpoint " + id + " triggered at " + clock.currentTimeMillis());
        }
    }

    private void acknowledge(long id, int taskIndex) {
        reports.offer(new TaskAcknowledgement(id, taskIndex, 0, 0, 0, 0, 0, 0, false, null));
    }

    private List<String> triggers(int task) {
        return tasks.get(task).commands.stream().filter(command -> command.startsWith("trigger")).toList();
    }

    private TaskPhases.Phase phaseOf(int task) {
        return coordinator.phase(task);
    }

    private List<CheckpointStats> stats() {
        return checkpoints.stats();
    }

    private List<Long> ids() {
        return stats().stream().map(CheckpointStats::id).toList();
    }

    private List<CheckpointStatus> statuses() {
        return stats().stream().map(CheckpointStats::status).toList();
    }
}
