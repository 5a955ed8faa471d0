package io.ringflow.connector.file;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.FailOnce;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row-format file sink: exactly once through a failover, buckets, rolling, names, and nothing visible before a commit. */
class FileSinkTest {
    /** The committed (visible) part files under {@code base}, by path relative to it. */
    private static List<Path> committed(Path base) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                .map(base::relativize).sorted().toList();
        }
    }

    private static Map<Long, Integer> counts(Path base) throws IOException {
        Map<Long, Integer> counts = new HashMap<>();
        for (Path file : committed(base)) {
            for (String line : Files.readAllLines(base.resolve(file))) {
                counts.merge(Long.parseLong(line), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void everyRecordCommittedOnceThroughAFailover(@TempDir Path dir) throws Exception {
        FailOnce.reset();
        int n = 50_000;
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        // paced, so that checkpoints complete before the failure and the restore has part files to commit
        env.fromSource(GeneratorSource.bounded(n, v -> v).withRate(100_000), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .map(new FailOnce(30_000)).uid("fail-once")
            .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<Long>())
                .withBucketAssigner(new BasePathBucketAssigner<>()).build()).uid("files");
        JobClient job = env.executeAsync("file-sink-failover");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status(), () -> "failed: " + job.failureCause());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(FailOnce.failed(), "the failure was injected");
        assertTrue(job.lastRestoredCheckpointId().orElse(-1L) > 0, "restored from a checkpoint, not from the start");
        Map<Long, Integer> counts = counts(out);
        List<Long> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(5).toList();
        assertEquals(List.of(), twice, "records committed twice");
        List<Long> missing = new ArrayList<>();
        for (long v = 0; v < n && missing.size() < 5; v++) {
            if (!counts.containsKey(v)) {
                missing.add(v);
            }
        }
        assertEquals(List.of(), missing, "records missing");
        assertEquals(n, counts.size());
    }

    @Test
    void bucketsRollingAndNames(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSequence(0, 9_999)
            .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<Long>())
                .withBucketAssigner((v, context) -> "rest-" + (v % 3))
                .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(1024).build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("numbers").withPartSuffix(".txt").build())
                .build());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "file-sink-buckets").status()); // no checkpoints: committed at the end
        List<Path> files = committed(out);
        for (Path file : files) {
            String bucket = file.getParent().toString();
            assertTrue(bucket.matches("rest-[012]"), "bucket " + bucket);
            assertTrue(file.getFileName().toString().matches("numbers-[0-9a-f-]{36}-[0-9]+\\.txt"), "name " + file);
            for (String line : Files.readAllLines(out.resolve(file))) {
                assertEquals(bucket, "rest-" + Long.parseLong(line) % 3, "record " + line + " in " + file);
            }
            assertTrue(Files.size(out.resolve(file)) <= 1024 + 5, "a part of " + Files.size(out.resolve(file)) + " bytes");
        }
        assertTrue(files.size() > 30, "parts rolled at 1 KB: " + files.size()); // 48,890 bytes over 3 buckets and 2 subtasks
        assertEquals(10_000, counts(out).size());
        assertTrue(counts(out).values().stream().allMatch(c -> c == 1));
    }

    @Test
    void bucketAssignersSeeTheSinksWatermark(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).setAutoWatermarkInterval(Duration.ZERO);
        env.fromSource(GeneratorSource.bounded(5_000, v -> v),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v), "numbers")
            .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<Long>())
                .withBucketAssigner((v, context) -> context.currentWatermark() == Long.MIN_VALUE ? "none"
                    : "second-" + context.currentWatermark() / 1000)
                .build());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "file-sink-watermark").status());
        for (Path file : committed(out)) {
            for (String line : Files.readAllLines(out.resolve(file))) {
                long v = Long.parseLong(line);
                // written after record v - 1's watermark, v - 2 (a watermark is its newest timestamp minus 1)
                String expected = v == 0 ? "none" : "second-" + (v - 2) / 1000;
                assertEquals(expected, file.getParent().toString(), "record " + v);
            }
        }
        assertEquals(5_000, counts(out).size());
    }

    @Test
    void nothingIsVisibleBeforeItsCheckpointCompletes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).enableCheckpointing(3_600_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.fromSource(GeneratorSource.unbounded(v -> v).withRate(2_000), WatermarkStrategy.noWatermarks(), "numbers")
            .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<Long>()).withRollingOnCheckpointOnly().build());
        JobClient job = env.executeAsync("file-sink-visibility");
        try {
            Eventually.await("an in-progress part file", () -> Files.exists(out) && inProgress(out) > 0, () -> "none");
            Thread.sleep(200);
            assertEquals(List.of(), committed(out), "visible before any checkpoint");
            assertEquals(CheckpointStatus.COMPLETED, job.triggerCheckpoint().get(30, TimeUnit.SECONDS).status());
            Eventually.await("the checkpoint's part file committed", () -> !committedQuietly(out).isEmpty(), () -> "none");
            Map<Long, Integer> counts = counts(out);
            long newest = counts.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(newest + 1, counts.size(), "a prefix of the records, each once");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<Path> committedQuietly(Path base) {
        try {
            return committed(base);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long inProgress(Path base) {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".inprogress")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
