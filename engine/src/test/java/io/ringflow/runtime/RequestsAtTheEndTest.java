package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints asked for while a bounded job ends: the job still reports RUNNING for a moment after
 * its attempt stopped taking requests. Every future must complete (with the checkpoint, or failed
 * with the reason); before the fix, 1–3 stayed pending forever in 12 of 20 runs.
 */
class RequestsAtTheEndTest {
    @TempDir
    Path dir;

    @Test
    void shouldCompleteEveryCheckpointRequestedUpToTheJobsEnd() throws Exception {
        for (int run = 0; run < 5; run++) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(60_000);
            env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("run-" + run));
            env.fromSource(GeneratorSource.bounded(20_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
                .keyBy(n -> n % 16).reduce(Long::sum)
                .sinkTo(DiscardingSink.create());
            JobClient job = env.executeAsync("requests-at-the-end");
            List<CompletableFuture<CheckpointStats>> requested = new ArrayList<>();
            try {
                while (!job.result().isDone()) {
                    requested.add(job.triggerCheckpoint()); // failed at once when the job no longer runs
                    LockSupport.parkNanos(100_000);
                }
                assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
            } finally {
                Jobs.stop(job);
            }
            for (CompletableFuture<CheckpointStats> future : requested) {
                try {
                    future.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException failedWithAReason) {
                    // completed: taken, or refused because the job ended
                }
            }
            assertTrue(requested.stream().allMatch(CompletableFuture::isDone), "run " + run);
        }
    }

    /** As Flink's JobClient: a request to a job that no longer runs fails its future with the reason; the call does not throw. */
    @Test
    void shouldFailTheFutureOfARequestToAnEndedJob() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(60_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("ended"));
        env.fromElements(1L, 2L, 3L).keyBy(n -> n % 2).reduce(Long::sum).sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("ended");
        assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        for (CompletableFuture<?> request : List.of(job.triggerCheckpoint(), job.triggerSavepoint(dir.resolve("sp")),
            job.stopWithSavepoint(dir.resolve("stop")))) {
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> request.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("'ended' is FINISHED"), failed.getCause().getMessage());
        }
    }
}
