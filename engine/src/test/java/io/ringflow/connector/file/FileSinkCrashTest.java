package io.ringflow.connector.file;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.restore.Restore;
import io.ringflow.testing.ChildJvm;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with SIGKILL while it writes part files: the job restored from its latest
 * checkpoint in this JVM runs to the end, and every record is in exactly one committed part file
 * (the killed process's uncommitted ones stay hidden in-progress files, which no reader lists).
 */
class FileSinkCrashTest {
    private static final long EVENTS = 40_000;
    private static final String JOB = "file-sink-crash";

    private static StreamEnvironment environment(Path dir, double rate) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        GeneratorSource<Long> numbers = GeneratorSource.bounded(EVENTS, v -> v);
        env.fromSource(rate > 0 ? numbers.withRate(rate) : numbers, WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .sinkTo(FileSink.forRowFormat(dir.resolve("out"), new SimpleStringEncoder<Long>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(256).build()) // parts also close between checkpoints
                .build()).uid("files");
        return env;
    }

    /** The child: writes until it is killed. */
    public static void main(String[] args) {
        environment(Path.of(args[0]), 20_000).execute(JOB);
    }

    @Test
    void everyRecordCommittedOnceAfterAKill9(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start("256m", FileSinkCrashTest.class.getName(), List.of(dir.toString()), log);
        Path jobDir = dir.resolve("chk").resolve(Restore.storageJobId(JOB));
        try {
            long deadline = System.nanoTime() + Jobs.TIMEOUT.toNanos();
            while (!hasCompleteCheckpoint(jobDir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertTrue(hasCompleteCheckpoint(jobDir), "no checkpoint completed in time: " + Files.readString(log));
            Thread.sleep(new Random(seed).nextInt(800)); // a random point of the run, not a checked duration
            assertTrue(child.isAlive(), "the child ended before it could be killed (seed " + seed + "): " + Files.readString(log));
        } finally {
            child.destroyForcibly(); // SIGKILL: no abort, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        JobClient job = environment(dir, 0).setRestore(Restore.LATEST).executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status(), () -> "failed: " + job.failureCause());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(job.lastRestoredCheckpointId().isPresent(), "restored from a checkpoint of the killed child");
        Map<Long, Integer> counts = new HashMap<>();
        Path out = dir.resolve("out");
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    counts.merge(Long.parseLong(line), 1, Integer::sum);
                }
            }
        }
        assertEquals(List.of(), counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(5)
            .toList(), "committed twice (seed " + seed + ")");
        assertEquals(EVENTS, counts.size(), "records missing (seed " + seed + ")");
    }

    private static boolean hasCompleteCheckpoint(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")));
        }
    }
}
