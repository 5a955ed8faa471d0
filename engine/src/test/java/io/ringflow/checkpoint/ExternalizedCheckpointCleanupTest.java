package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointConfig.ExternalizedCheckpointCleanup;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.checkpoint.CheckpointTestJobs.CountingMap;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ringflow.checkpoint.CheckpointTestJobs.INTERVAL_MS;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitFailure;
import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.driveUntil;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code execution.checkpointing.externalized-checkpoint-retention} with filesystem storage:
 * the {@code chk-N} directories of a cancelled job stay or go; a failed job keeps them either way.
 */
class ExternalizedCheckpointCleanupTest {
    private final ManualClock clock = new ManualClock(0);

    @TempDir
    Path dir;

    @AfterEach
    void resetInjectedFaults() {
        CountingMap.failSnapshot = false;
    }

    @ParameterizedTest
    @EnumSource(ExternalizedCheckpointCleanup.class)
    void shouldRetainOrDeleteCheckpointsWhenTheJobIsCancelled(ExternalizedCheckpointCleanup cleanup) throws Exception {
        String jobName = "cleanup-" + cleanup;
        JobClient job = start(jobName, cleanup);
        try {
            driveUntil(job, clock, completed(3), "3 completed checkpoints");
            // a retired directory loses its metadata at once and its files in the background
            assertEquals(List.of("chk-2", "chk-3"), checkpointDirs(jobName).stream()
                .filter(name -> CheckpointLayout.hasMetadata(jobDir(jobName).resolve(name))).toList(),
                "num-retained 2, before the cancel");
        } finally {
            job.cancel().join();
        }

        assertEquals(JobStatus.CANCELED, job.status());
        if (cleanup == ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION) {
            assertEquals(List.of("chk-2", "chk-3"), checkpointDirs(jobName));
            assertTrue(CheckpointLayout.hasMetadata(jobDir(jobName).resolve("chk-3")), "a retained checkpoint is complete");
        } else {
            assertEquals(List.of(), checkpointDirs(jobName), "every checkpoint is deleted on cancel");
        }
    }

    /** A failed job keeps its checkpoints for a restore, unless there are no externalized checkpoints (Flink 2's default). */
    @ParameterizedTest
    @EnumSource(value = ExternalizedCheckpointCleanup.class, names = {"DELETE_ON_CANCELLATION", "NO_EXTERNALIZED_CHECKPOINTS"})
    void shouldKeepTheCheckpointsOfAFailedJobUnlessNoneAreExternalized(ExternalizedCheckpointCleanup cleanup) throws Exception {
        String jobName = "cleanup-failed-" + cleanup;
        JobClient job = start(jobName, cleanup);
        try {
            driveUntil(job, clock, completed(1), "a completed checkpoint");
            CountingMap.failSnapshot = true;
            clock.advance(INTERVAL_MS);
            awaitFailure(job);
        } finally {
            job.cancel().join();
        }

        assertEquals(JobStatus.FAILED, job.status());
        if (cleanup == ExternalizedCheckpointCleanup.NO_EXTERNALIZED_CHECKPOINTS) {
            assertEquals(List.of(), checkpointDirs(jobName), "not externalized: gone with the job");
        } else {
            assertEquals(List.of("chk-1"), checkpointDirs(jobName), "a failed job is restored from its checkpoints");
        }
    }

    /** A finished job's checkpoints stay for a later restore of "latest", unless none are externalized. */
    @ParameterizedTest
    @EnumSource(value = ExternalizedCheckpointCleanup.class, names = {"RETAIN_ON_CANCELLATION", "NO_EXTERNALIZED_CHECKPOINTS"})
    void shouldKeepTheCheckpointsOfAFinishedJobUnlessNoneAreExternalized(ExternalizedCheckpointCleanup cleanup) throws Exception {
        String jobName = "cleanup-finished-" + cleanup;
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(10);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(cleanup);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.bounded(20_000, seq -> seq).withRate(40_000), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16).reduce(Long::sum)
            .sinkTo(io.ringflow.connector.DiscardingSink.create());
        JobClient job = env.executeAsync(jobName);
        try {
            assertEquals(JobStatus.FINISHED, job.await(io.ringflow.testing.Jobs.TIMEOUT).status());
        } finally {
            io.ringflow.testing.Jobs.stop(job);
        }
        assertTrue(job.checkpointStats().stream().anyMatch(s -> s.status() == io.ringflow.api.CheckpointStatus.COMPLETED));
        if (cleanup == ExternalizedCheckpointCleanup.NO_EXTERNALIZED_CHECKPOINTS) {
            assertEquals(List.of(), checkpointDirs(jobName), "not externalized: gone with the job");
        } else {
            assertTrue(!checkpointDirs(jobName).isEmpty(), "kept for a later restore");
        }
    }

    /**
     * Checkpoints live under the job's name, and retained ones stay after a cancel: a later run
     * of the same job must number its checkpoints after them, or storage takes each new one for
     * an old checkpoint subsumed by the retained ones and every checkpoint fails.
     */
    @Test
    void shouldNumberTheCheckpointsOfALaterRunAfterTheRetainedOnes() throws Exception {
        String jobName = "cleanup-rerun";
        JobClient first = start(jobName, ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        try {
            driveUntil(first, clock, completed(3), "3 completed checkpoints");
        } finally {
            first.cancel().join();
        }
        assertEquals(List.of("chk-2", "chk-3"), checkpointDirs(jobName));

        ManualClock secondClock = new ManualClock(0);
        StreamEnvironment env = environment(BarrierMode.ALIGNED, secondClock);
        env.getCheckpointConfig().storage().checkpointsDir(dir).numRetained(2);
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000));
        JobClient second = env.executeAsync(jobName);
        List<io.ringflow.api.CheckpointStats> stats;
        try {
            stats = driveUntil(second, secondClock, completed(2), "2 completed checkpoints in the second run");
        } finally {
            second.cancel().join();
        }
        assertEquals(List.of(4L, 5L), stats.stream().map(io.ringflow.api.CheckpointStats::id).toList());
        assertEquals(List.of("chk-4", "chk-5"), checkpointDirs(jobName));
    }

    private JobClient start(String jobName, ExternalizedCheckpointCleanup cleanup) {
        StreamEnvironment env = environment(BarrierMode.ALIGNED, clock);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(cleanup);
        env.getCheckpointConfig().storage().checkpointsDir(dir).numRetained(2);
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new CountingMap())
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000));
        return env.executeAsync(jobName);
    }

    private Path jobDir(String jobName) {
        return CheckpointLayout.jobDir(dir, jobName);
    }

    private List<String> checkpointDirs(String jobName) throws IOException {
        if (!Files.isDirectory(jobDir(jobName))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(jobDir(jobName))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("chk-")).sorted().toList();
        }
    }
}
