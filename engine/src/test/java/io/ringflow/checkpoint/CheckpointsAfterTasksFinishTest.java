package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.testing.SubtaskSource;
import io.ringflow.checkpoint.CheckpointTestJobs.CountingMap;
import io.ringflow.checkpoint.CheckpointTestJobs.SlowSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.LocalJob;
import io.ringflow.task.Task;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.ringflow.checkpoint.CheckpointTestJobs.INTERVAL_MS;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitStats;
import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.count;
import static io.ringflow.checkpoint.CheckpointTestJobs.driveUntil;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code execution.checkpointing.checkpoints-after-tasks-finish}: once a task finished, checkpoints
 * go on without it (enabled, the default) or stop (disabled); and a task whose upstream tasks all
 * finished is snapshotted only after it processed what they left in its rings.
 */
class CheckpointsAfterTasksFinishTest {
    private final ManualClock clock = new ManualClock(0);

    @BeforeEach
    @AfterEach
    void forgetSnapshots() {
        CountingMap.SNAPSHOTS.clear();
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldKeepCheckpointingWhenSomeTasksFinished(BarrierMode mode) throws Exception {
        JobClient job = startUneven(mode, true);
        try {
            awaitFinished(job, "numbers (2/2)", true);
            long before = count(job.checkpointStats(), CheckpointStatus.COMPLETED);
            List<CheckpointStats> stats = driveUntil(job, clock, completed((int) before + 2),
                "2 more checkpoints after a source finished");
            assertEquals(JobStatus.RUNNING, job.status());
            assertEquals(before + 2, count(stats, CheckpointStatus.COMPLETED));
        } finally {
            job.cancel().join();
        }
    }

    /**
     * Disabled, a task whose input ended finishes without waiting for a checkpoint. That none is
     * triggered after it finished is pinned in
     * {@link CoordinatorDecisionsTest#shouldTriggerNoCheckpointAfterATaskFinishedWhenDisabled}.
     */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldFinishATaskWithoutAFinalCheckpointWhenDisabled(BarrierMode mode) throws Exception {
        JobClient job = startUneven(mode, false);
        try {
            awaitFinished(job, "numbers (2/2)", false);         // the clock never moves: no checkpoint could be taken
            assertEquals(List.of(), job.checkpointStats(), "the task finished without any checkpoint");
            assertEquals(JobStatus.RUNNING, job.status());
        } finally {
            job.cancel().join();
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldSnapshotATaskWhoseUpstreamFinishedOnlyAfterItProcessedEveryRecordLeftInItsRing(BarrierMode mode)
        throws Exception {
        StreamEnvironment env = environment(mode, clock).setParallelism(1).setRingSize(64);
        env.fromSource(GeneratorSource.bounded(80, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 4)
            .map(new CountingMap())
            .sinkTo(new SlowSink(5_000_000));
        JobClient job = env.executeAsync("drain-" + mode);
        try {
            awaitFinished(job, "numbers (1/1)", true);   // up to 64 records and end of input were in the ring
            List<CheckpointStats> stats = awaitStats(job, completed(1), "a checkpoint after the source finished");
            assertTrue(CountingMap.SNAPSHOTS.size() >= 1);
            for (long[] snapshot : CountingMap.SNAPSHOTS) {
                // An unaligned barrier overtakes what the ring still holds: those records are persisted as
                // in-flight data (8-byte timestamp + 8-byte Long each) instead of counted in the snapshot.
                long inFlightRecords = stats.stream().filter(s -> s.id() == snapshot[0]).findFirst()
                    .map(s -> s.persistedInFlightBytes() / 16).orElse(0L);
                assertEquals(80, snapshot[1] + inFlightRecords,
                    "the records the finished source left in the ring are in the snapshot or in flight, not lost");
                if (mode == BarrierMode.ALIGNED || mode == BarrierMode.AT_LEAST_ONCE) {
                    assertEquals(80, snapshot[1], "aligned: every record before the barrier is in the snapshot");
                }
            }
            assertEquals(JobStatus.FINISHED, job.await(Duration.ofSeconds(20)).status());
        } finally {
            job.cancel().join();
        }
    }

    /** A job whose tasks all finish before its coordinator thread would start must not leave that thread running. */
    @org.junit.jupiter.api.Test
    void shouldStopTheCoordinatorOfAJobThatFinishesAtOnce() {
        for (int run = 0; run < 30; run++) {
            StreamEnvironment env = StreamEnvironment.create();
            env.enableCheckpointing(10);
            env.fromElements(1L).sinkTo(io.ringflow.connector.DiscardingSink.create());
            String jobName = "instant-" + run;
            assertEquals(JobStatus.FINISHED, env.execute(jobName).status());
            List<String> coordinators = io.ringflow.testing.NoLeakedThreads.ringflowThreads().stream()
                .map(Thread::getName).filter(n -> n.equals("ringflow-" + jobName + "-checkpoint-coordinator")).toList();
            assertEquals(List.of(), coordinators, "run " + run + ": the job ended, its coordinator must have stopped");
        }
    }

    /**
     * Disabled, once a task finished no checkpoint can start again, and the coordinator must wait
     * rather than poll for one: it spun, a core's worth of CPU for the rest of the job.
     */
    @org.junit.jupiter.api.Test
    void shouldLeaveTheCoresToTasksOnceNoCheckpointCanStart() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(10);
        env.getCheckpointConfig().setCheckpointsAfterTasksFinish(false);
        env.fromSource(new SubtaskSource(CheckpointsAfterTasksFinishTest::unevenReader), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16)
            .sinkTo(new SlowSink(5_000));
        JobClient job = env.executeAsync("after-finish-idle");
        try {
            Task finishing = ((LocalJob) job).tasks().stream().filter(t -> t.name().equals("numbers (2/2)")).findFirst()
                .orElseThrow();
            long deadline = System.currentTimeMillis() + CheckpointTestJobs.DEADLINE_MS;
            while (finishing.lifecycle() != Task.Lifecycle.FINISHED) {
                assertTrue(System.currentTimeMillis() < deadline && !job.status().isTerminal(), "numbers (2/2) did not finish");
                Thread.sleep(2);
            }
            Thread coordinator = io.ringflow.testing.ThreadCpu.named("ringflow-after-finish-idle-checkpoint-coordinator");
            io.ringflow.testing.ThreadCpu.assertIdleFor(coordinator, 500, "while no checkpoint could start");
            assertEquals(JobStatus.RUNNING, job.status());
        } finally {
            job.cancel().join();
        }
    }

    /** Subtask 2 of the sources ends at once, subtask 1 goes on: each sink task has one live and one ended input. */
    private JobClient startUneven(BarrierMode mode, boolean afterFinish) {
        StreamEnvironment env = environment(mode, clock);
        env.getCheckpointConfig().setCheckpointsAfterTasksFinish(afterFinish);
        env.fromSource(new SubtaskSource(CheckpointsAfterTasksFinishTest::unevenReader), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16)
            .sinkTo(new SlowSink(5_000));
        return env.executeAsync("after-finish-" + mode + "-" + afterFinish);
    }

    /**
     * Waits until the task finished. A task whose input ended waits, as in Flink, for a checkpoint
     * taken after its end to complete before it exits, so the clock is moved on one interval at a
     * time once it reached its end of input.
     */
    private void awaitFinished(JobClient job, String taskName, boolean driveClock) throws InterruptedException {
        Task task = ((LocalJob) job).tasks().stream().filter(t -> t.name().equals(taskName)).findFirst()
            .orElseThrow(() -> new AssertionError("no task " + taskName + " in " + ((LocalJob) job).tasks()));
        long deadline = System.currentTimeMillis() + CheckpointTestJobs.DEADLINE_MS;
        while (!(task.lifecycle() == Task.Lifecycle.FINISHED)) {
            if (System.currentTimeMillis() > deadline || job.status().isTerminal()) {
                fail(taskName + " did not finish: " + job.status() + " " + job.failureCause());
            }
            if (driveClock && (task.lifecycle() == Task.Lifecycle.INPUT_ENDED)) {
                clock.advance(INTERVAL_MS);
            }
            Thread.sleep(2);
        }
        assertTrue((task.lifecycle() == Task.Lifecycle.FINISHED));
    }

    /** Subtask 0 emits 0, 1, 2, ... up to ten million; every other subtask ends at once. */
    static SourceReader<Long> unevenReader(int subtaskIndex) {
        long end = subtaskIndex == 0 ? 10_000_000 : 0;
        return new SourceReader<>() {
            private long next;

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                if (next < end) {
                    output.collect(next++);
                }
                return next < end ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
            }
        };
    }
}
