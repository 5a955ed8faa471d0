package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runs of one job name into one checkpoint directory deleted each other's checkpoints in
 * progress as leftovers, and both failed. The second is refused now, naming the job, the
 * directory and the fix; the first runs on, and once it ended the name may run again.
 */
class OneRunPerJobDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondRunOfTheJobWhileTheFirstRuns() throws Exception {
        JobClient first = job().executeAsync("one-run");
        try {
            Eventually.await("a completed checkpoint", () -> completed(first) >= 1 || first.status() != JobStatus.RUNNING,
                first::checkpointStats);
            CheckpointStorageException refused = assertThrows(CheckpointStorageException.class,
                () -> job().executeAsync("one-run"));
            assertTrue(refused.getMessage().contains("'one-run' is already running") && refused.getMessage().contains(dir.toString())
                && refused.getMessage().contains("another job name or checkpoint directory"), refused.getMessage());
            long before = completed(first);
            Eventually.await("the first run checkpoints on", () -> completed(first) >= before + 3
                || first.status() != JobStatus.RUNNING, first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "the first run goes on: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }

        JobClient next = job().setRestore("latest").executeAsync("one-run");
        try {
            Eventually.await("the next run checkpoints", () -> completed(next) >= 1 || next.status() != JobStatus.RUNNING,
                next::checkpointStats);
            assertEquals(JobStatus.RUNNING, next.status(), () -> "once the first ended: " + next.failureCause());
            assertTrue(next.lastRestoredCheckpointId().isPresent(), "restored the first run's checkpoint");
        } finally {
            Jobs.stop(next);
        }
    }

    private StreamEnvironment job() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.unbounded(n -> n).withRate(10_000), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 8).reduce(Long::sum)
            .sinkTo(DiscardingSink.create());
        return env;
    }

    private static long completed(JobClient job) {
        return job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
    }
}
