package io.ringflow.runtime;

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
 * A keyed job with a broadcast input under checkpoints with one injected failure, in every barrier
 * mode: after the restore each subtask's broadcast state and the keyed state continue where the
 * checkpoint left them (no rule or number missing, none applied twice but at-least-once), and every
 * subtask holds every rule at the end. Rules are rate-limited so that the failure falls among them.
 */
class BroadcastFailoverTest {
    private static final long EVENTS = 60_000;
    private static final long RULES = 300;

    @BeforeEach
    void reset() {
        BroadcastSequenceJob.reset();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierMode.class)
    void shouldKeepEveryBroadcastCopyAndKeyExactAcrossAFailover(BarrierMode mode, @TempDir Path dir) {
        SequenceJob.failurePoint = FailurePoint.PROCESS;
        SequenceJob.failAt = EVENTS / 2;
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // backpressure: records in flight at the barriers
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        boolean atLeastOnce = mode == BarrierMode.AT_LEAST_ONCE;
        BroadcastSequenceJob.build(env, EVENTS, 60_000, RULES, 300, 3, atLeastOnce);
        JobClient job = env.executeAsync("broadcast-failover-" + mode);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status(), () -> String.valueOf(job.failureCause()));
        } finally {
            Jobs.stop(job);
        }

        assertEquals(1, job.restarts(), "restarts");
        assertTrue(SequenceJob.FAILED.get(), "the failure was injected");
        assertEquals(3, SequenceJob.RESTORED_CHECKERS.get(), "checker subtasks restored state");
        assertTrue(BroadcastSequenceJob.RESTORED_RULES.values().stream().allMatch(size -> size > 0 && size < RULES),
            "the failure fell among the rules: restored " + BroadcastSequenceJob.RESTORED_RULES);
        if (atLeastOnce) {
            SequenceJob.assertEveryKeyComplete(EVENTS);
            BroadcastSequenceJob.assertBroadcastComplete(RULES, 3);
            return;
        }
        assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once: no record seen twice");
        BroadcastSequenceJob.assertExactResults(EVENTS, RULES, 3);
    }
}
