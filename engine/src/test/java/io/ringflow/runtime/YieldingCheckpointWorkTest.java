package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.runtime.SequenceJob.FailurePoint;
import io.ringflow.storage.CpuSlices;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringflow.checkpoint.yield-after-us}: the snapshot writer and the commit give their core
 * up between pieces of work, and checkpoints stay what they were: at parallelism 2, under
 * backpressure, through a failure and its restore, every key ends with the failure-free result and
 * no record is seen twice. Without the option no checkpoint thread yields.
 */
class YieldingCheckpointWorkTest {
    private static final long EVENTS = 120_000;

    @BeforeEach
    void reset() {
        SequenceJob.reset();
    }

    @ParameterizedTest(name = "{0}, yield after {1} µs")
    @CsvSource({"UNALIGNED, 1", "ALIGNED, 1", "UNALIGNED, 0"})
    void shouldKeepExactlyOnceWhileCheckpointWorkYields(BarrierMode mode, int yieldAfterMicros, @TempDir Path dir) {
        SequenceJob.failurePoint = FailurePoint.PROCESS;
        SequenceJob.failAt = EVENTS / 2;
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // records in flight at the barriers
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.getCheckpointConfig().setYieldAfterMicros(yieldAfterMicros);
        SequenceJob.build(env, EVENTS, 400_000, 2, 3, false);
        long yieldsBefore = CpuSlices.yields();

        JobClient job = env.executeAsync("yielding-" + mode + "-" + yieldAfterMicros);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        long yields = CpuSlices.yields() - yieldsBefore;
        assertTrue(job.checkpointStats().stream().anyMatch(s -> s.status() == CheckpointStatus.COMPLETED),
            "checkpoints completed");
        if (yieldAfterMicros > 0) {
            assertTrue(yields > 0, "the checkpoint's threads yielded (" + yields + " times)");
        } else {
            assertEquals(0, yields, "without the option no checkpoint thread yields");
        }
        assertEquals(1, job.restarts(), "restarted once after the injected failure");
        assertTrue(SequenceJob.FAILED.get(), "the failure was injected");
        assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once: no record seen twice");
        SequenceJob.assertExactResults(EVENTS);
    }
}
