package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.runtime.SequenceJob.FailurePoint;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover inside one process: a failure in processElement, in the synchronous part of a
 * snapshot, while restoring, or in close() stops the job's tasks, restores every operator from
 * the latest completed checkpoint (keyed state by key group, operator list state, in-flight
 * records, source positions) and resumes. In every mode the final per-key results are those of
 * a failure-free run (the NONE rows); at-least-once may replay but loses nothing.
 */
class FailoverTest {
    static final long EVENTS = 120_000;
    /** Failure points are drawn from this seed (override with -Dringflow.test.seed=...). */
    static final long SEED = Long.getLong("ringflow.test.seed", 20_261_121L);

    @BeforeEach
    void reset() {
        SequenceJob.reset();
    }

    static Stream<Arguments> modesAndFailurePoints() {
        return Arrays.stream(BarrierMode.values()).flatMap(mode -> Arrays.stream(FailurePoint.values()).map(point -> {
            long seed = SEED * 31 + mode.ordinal() * 7L + point.ordinal();
            long failAt = EVENTS / 4 + new Random(seed).nextLong(EVENTS / 2);
            return Arguments.of(mode, point, failAt);
        }));
    }

    @ParameterizedTest(name = "{0}, failure in {1} at record {2}")
    @MethodSource("modesAndFailurePoints")
    void shouldEndWithTheResultsOfAFailureFreeRun(BarrierMode mode, FailurePoint point, long failAt, @TempDir Path dir) {
        SequenceJob.failurePoint = point;
        SequenceJob.failAt = failAt;
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // backpressure: records in flight at the barriers
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        // rate-limited (at most 0.3 s per run) so that checkpoints complete before the failure point
        SequenceJob.build(env, EVENTS, 400_000, 2, 3, mode == BarrierMode.AT_LEAST_ONCE);
        JobClient job = env.executeAsync("failover-" + mode + "-" + point);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        int expectedRestarts = switch (point) {
            case NONE -> 0;
            case PROCESS, SNAPSHOT, CLOSE -> 1;
            case RESTORE -> 2; // the failure in processElement, then the one in initializeState
        };
        assertEquals(expectedRestarts, job.restarts(), "restarts after a failure in " + point);
        assertEquals(point != FailurePoint.NONE, SequenceJob.FAILED.get(), "the failure was injected");
        if (point == FailurePoint.RESTORE) {
            assertTrue(SequenceJob.FAILED_RESTORE.get(), "the restore failed once");
        }
        if (point != FailurePoint.NONE) {
            assertTrue(SequenceJob.RESTORED_CHECKERS.get() > 0, "checker subtasks restored state");
        }
        if (mode != BarrierMode.AT_LEAST_ONCE) {
            assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once: no record seen twice");
        }
        if (mode == BarrierMode.UNALIGNED && point != FailurePoint.NONE) {
            assertInFlightReplayed(job, point);
        }
        SequenceJob.assertExactResults(EVENTS);
    }

    /**
     * The restored unaligned checkpoint's in-flight records were all re-injected, once: each is an
     * 8-byte timestamp and an 8-byte long. A failing restore may re-inject some before it fails.
     */
    private static void assertInFlightReplayed(JobClient job, FailurePoint point) {
        long restored = job.lastRestoredCheckpointId().orElseThrow(() -> new AssertionError("no restore"));
        CheckpointStats stats = job.checkpointStats().stream().filter(s -> s.id() == restored).findFirst().orElseThrow();
        long persisted = stats.persistedInFlightBytes() / 16;
        if (point == FailurePoint.RESTORE) {
            assertTrue(job.replayedInFlightRecords() >= persisted, job.replayedInFlightRecords() + " < " + persisted);
        } else {
            assertEquals(persisted, job.replayedInFlightRecords(), "in-flight records of checkpoint " + restored + " re-injected");
        }
    }
}
