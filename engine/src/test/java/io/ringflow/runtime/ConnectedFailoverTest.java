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
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A keyed two-input job under checkpoints with one injected failure, in every barrier mode:
 * the checker sees each key's numbers on each input with no gap and (but at-least-once) no
 * duplicate, every key's timer fires once after both its inputs ended, and the counter behind it
 * counts every record of both inputs once (at least once in that mode). Unaligned, a slow checker
 * fills the rings, so the restored checkpoint holds in-flight records of both inputs, which must
 * go back into the input they came from.
 */
class ConnectedFailoverTest {
    private static final long EVENTS = 60_000; // per input

    @BeforeEach
    void reset() {
        ConnectedSequenceJob.reset();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierMode.class)
    void shouldCheckEveryRecordOfBothInputsOnceAcrossAFailover(BarrierMode mode, @TempDir Path dir) {
        SequenceJob.failurePoint = FailurePoint.PROCESS;
        SequenceJob.failAt = EVENTS; // half of both inputs
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // backpressure: records in flight at the barriers
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        ConnectedSequenceJob.build(env, EVENTS, 400_000, 3, mode == BarrierMode.AT_LEAST_ONCE);
        JobClient job = env.executeAsync("connected-failover-" + mode);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        assertEquals(1, job.restarts(), "restarts");
        assertTrue(SequenceJob.FAILED.get(), "the failure was injected");
        assertTrue(SequenceJob.RESTORED_CHECKERS.get() > 0, "checker subtasks restored state");
        if (mode == BarrierMode.AT_LEAST_ONCE) {
            ConnectedSequenceJob.assertEveryKeyComplete(EVENTS);
            long counted = SequenceJob.COUNTED.values().stream().mapToLong(Long::longValue).sum();
            assertTrue(counted >= 2 * EVENTS, "at least once: " + counted + " counted");
            return;
        }
        assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once: no record seen twice");
        ConnectedSequenceJob.assertExactResults(EVENTS);
        if (mode == BarrierMode.UNALIGNED) {
            long restored = job.lastRestoredCheckpointId().orElseThrow();
            CheckpointStats stats = job.checkpointStats().stream().filter(s -> s.id() == restored).findFirst().orElseThrow();
            assertTrue(job.replayedInFlightRecords() > 0, "the slow checker left records in flight at the barrier");
            assertEquals(stats.persistedInFlightBytes() / 16, job.replayedInFlightRecords(),
                "in-flight records of checkpoint " + restored + " re-injected"); // an 8-byte timestamp and an 8-byte long each
        }
    }
}
