package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.checkpoint.CheckpointTestJobs.AsyncControl;
import io.ringflow.checkpoint.CheckpointTestJobs.AsyncPhase;
import io.ringflow.checkpoint.CheckpointTestJobs.CountingMap;
import io.ringflow.checkpoint.CheckpointTriggerRulesTest.CoordinatorClock;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.task.SnapshotFailedException;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ringflow.checkpoint.CheckpointTestJobs.INTERVAL_MS;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitFailure;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitStats;
import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.count;
import static io.ringflow.checkpoint.CheckpointTestJobs.driveUntil;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static io.ringflow.checkpoint.CheckpointTestJobs.triggered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which checkpoint failures the job tolerates: expiry, a failed asynchronous part (counted
 * against {@code tolerable-failed-checkpoints}) and a failed synchronous part (fails the job at
 * once). The asynchronous part is held or failed through the codec of a map's operator state,
 * which the snapshot writer runs on its own thread; time moves only with the manual clock.
 */
class CheckpointFailureTest {
    private static final long TIMEOUT_MS = 1_000;

    private final ManualClock clock = new ManualClock(0);
    private final CoordinatorClock coordinatorClock = new CoordinatorClock(clock);

    @AfterEach
    void resetInjectedFaults() {
        AsyncControl.reset();
        CountingMap.failSnapshot = false;
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldExpireCheckpointsThatCannotCompleteAndFailTheJobOnTheThirdWithTolerableTwo(BarrierMode mode)
        throws Exception {
        JobClient job = start(mode, 2);
        try {
            driveUntil(job, clock, completed(1), "a first completed checkpoint");
            AsyncControl.block();
            clock.advance(INTERVAL_MS);                  // checkpoint 2 is triggered and its asynchronous part held
            awaitStats(job, triggered(2), "checkpoint 2");
            for (int expired = 1; expired <= 2; expired++) {
                clock.advance(TIMEOUT_MS);               // expires one, triggers the next at once
                int expectedExpired = expired;
                awaitStats(job, stats -> count(stats, CheckpointStatus.EXPIRED) == expectedExpired
                    && triggered(expectedExpired + 2).test(stats), expired + " expired");
                assertEquals(JobStatus.RUNNING, job.status(), expired + " expired checkpoint(s) are tolerated");
            }
            clock.advance(TIMEOUT_MS);
            // the job's failure shows once its attempt ended, which waits for the held writer: release it once expired
            awaitStats(job, stats -> count(stats, CheckpointStatus.EXPIRED) == 3, "3 expired");
            AsyncControl.releaseAll();
            Throwable cause = awaitFailure(job);
            CheckpointException failure = assertInstanceOf(CheckpointException.class, cause);
            assertTrue(failure.getMessage().contains("execution.checkpointing.tolerable-failed-checkpoints"), failure.getMessage());
            assertThrows(JobExecutionException.class, job::await);
            List<CheckpointStats> stats = job.checkpointStats();
            assertEquals(3, count(stats, CheckpointStatus.EXPIRED), stats.toString());
            assertEquals(JobStatus.FAILED, job.status());
        } finally {
            AsyncControl.releaseAll();
            job.cancel().join();
        }
    }

    @Test
    void shouldFailTheJobOnTheFirstExpiryWithoutTolerance() throws Exception {
        JobClient job = start(BarrierMode.ALIGNED, 0);
        try {
            AsyncControl.block();
            clock.advance(INTERVAL_MS);
            awaitStats(job, triggered(1), "checkpoint 1");
            clock.advance(TIMEOUT_MS - 1);
            coordinatorClock.awaitDutyCycle();
            assertEquals(List.of(CheckpointStatus.IN_PROGRESS), statuses(job), "not expired a millisecond before its timeout");
            assertTrue(job.failureCause().isEmpty());
            clock.advance(1);
            awaitStats(job, stats -> count(stats, CheckpointStatus.EXPIRED) == 1, "1 expired");
            assertEquals(TIMEOUT_MS, job.checkpointStats().get(0).endToEndDurationMs(), "expired at its timeout");
            AsyncControl.releaseAll();
            Throwable cause = awaitFailure(job);
            assertInstanceOf(CheckpointException.class, cause);
            assertEquals(CheckpointStatus.EXPIRED, job.checkpointStats().get(0).status());
            assertEquals(1, count(job.checkpointStats(), CheckpointStatus.EXPIRED));
        } finally {
            AsyncControl.releaseAll();
            job.cancel().join();
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldCountFailedAsynchronousPartsAgainstTheTolerance(BarrierMode mode) throws Exception {
        JobClient job = start(mode, 1);
        try {
            AsyncControl.phase = AsyncPhase.FAIL;
            clock.advance(INTERVAL_MS);
            awaitStats(job, triggered(1), "checkpoint 1");
            awaitStats(job, stats -> count(stats, CheckpointStatus.FAILED) == 1, "a failed checkpoint");
            assertEquals(JobStatus.RUNNING, job.status(), "one failure is tolerated");
            assertTrue(job.checkpointStats().get(0).failureCause().contains("injected failure in the asynchronous phase"));

            clock.advance(INTERVAL_MS);
            awaitStats(job, triggered(2), "checkpoint 2");
            CheckpointException failure = assertInstanceOf(CheckpointException.class, awaitFailure(job));
            assertTrue(failure.getMessage().contains("2 checkpoint(s) failed in a row"), failure.getMessage());
            assertEquals(2, count(job.checkpointStats(), CheckpointStatus.FAILED));
        } finally {
            job.cancel().join();
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldFailTheJobAtOnceWhenTheSynchronousPartFailsWhateverTheTolerance(BarrierMode mode) throws Exception {
        JobClient job = start(mode, 100);
        try {
            driveUntil(job, clock, completed(1), "a first completed checkpoint");
            CountingMap.failSnapshot = true;
            clock.advance(INTERVAL_MS);
            Throwable cause = awaitFailure(job);
            SnapshotFailedException failure = assertInstanceOf(SnapshotFailedException.class, cause);
            assertTrue(failure.getMessage().contains("synchronous part of checkpoint 2"), failure.getMessage());
            assertEquals("injected failure in snapshotState", failure.getCause().getMessage());
            JobExecutionException thrown = assertThrows(JobExecutionException.class, job::await);
            assertEquals(cause, thrown.getCause());
            List<CheckpointStats> failed = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.FAILED).toList();
            assertEquals(1, failed.size(), job.checkpointStats().toString());
            assertTrue(failed.get(0).failureCause().contains("attempt ended"),
                "a synchronous failure is a job failure, not a tolerated checkpoint failure: " + failed.get(0));
        } finally {
            job.cancel().join();
        }
    }

    @Test
    void shouldCountStorageErrorsAgainstTheTolerance(@TempDir Path dir) throws Exception {
        StreamEnvironment env = environment(BarrierMode.UNALIGNED, clock);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(1);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000));
        JobClient job = env.executeAsync("storage-errors");
        try {
            // the job's directory goes, a file takes its place: every checkpoint directory fails to be made
            Path jobDir = dir.resolve("checkpoints").resolve("storage-errors");
            io.ringflow.storage.layout.CheckpointLayout.deleteTree(jobDir);
            Files.writeString(jobDir, "a file where checkpoints should go");
            clock.advance(INTERVAL_MS);
            awaitStats(job, stats -> count(stats, CheckpointStatus.FAILED) == 1, "a failed checkpoint");
            assertEquals(JobStatus.RUNNING, job.status(), "one storage error is tolerated");
            assertTrue(job.checkpointStats().get(0).failureCause().contains("cannot create checkpoint directory"),
                job.checkpointStats().get(0).failureCause());
            clock.advance(INTERVAL_MS);
            assertInstanceOf(CheckpointException.class, awaitFailure(job));
            assertEquals(2, count(job.checkpointStats(), CheckpointStatus.FAILED));
        } finally {
            job.cancel().join();
        }
    }

    /** Sources, a stateful map chained to them, keyBy, a slow sink: two inputs per sink task. */
    /** A checkpoint cut off by the end of its attempt (here a cancel; a failover alike) shows as FAILED, not in progress forever. */
    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldRecordACheckpointCutOffByTheEndOfItsAttemptAsFailed(BarrierMode mode) throws Exception {
        JobClient job = start(mode, 5);
        try {
            driveUntil(job, clock, completed(1), "a first completed checkpoint");
            AsyncControl.block();
            clock.advance(INTERVAL_MS);
            awaitStats(job, triggered(2), "checkpoint 2");
            job.cancel();
            // the writer stays held until the coordinator has stopped: else checkpoint 2 could still complete
            io.ringflow.testing.Eventually.await("the coordinator stopped", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("ringflow-" + job.jobName() + "-checkpoint-coordinator")));
            AsyncControl.releaseAll();
            job.cancel().get(Jobs.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            CheckpointStats second = job.checkpointStats().stream().filter(s -> s.id() == 2).findFirst().orElseThrow();
            assertEquals(CheckpointStatus.FAILED, second.status(), job.checkpointStats().toString());
            assertTrue(second.failureCause().contains("attempt ended"), second.failureCause());
        } finally {
            AsyncControl.releaseAll();
            job.cancel().join();
        }
    }

    private static List<CheckpointStatus> statuses(JobClient job) {
        return job.checkpointStats().stream().map(CheckpointStats::status).toList();
    }

    private JobClient start(BarrierMode mode, int tolerable) {
        StreamEnvironment env = environment(mode, clock).setClock(coordinatorClock);
        env.getCheckpointConfig().setCheckpointTimeout(TIMEOUT_MS).setTolerableCheckpointFailureNumber(tolerable);
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new CountingMap()).uid("counting")
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000));
        return env.executeAsync("failures-" + mode + "-" + tolerable);
    }
}
