package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestoreStats;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.restore.Restore;
import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental checkpoints end to end: real rings, real files, a keyed job of {@link WideJob#KEYS}
 * keys of which each 10 ms interval changes about a sixth, so most checkpoints are change links
 * on a chain. Exactly-once is counted by the checker (gaps, duplicates, states that disagree with
 * their key's sequence), after an injected failure and after a restore at another parallelism.
 */
class IncrementalCheckpointTest {
    static final long EVENTS = 120_000; // 20 numbers per key
    static final double RATE = 100_000;
    static final long SEED = Long.getLong("ringflow.test.seed", 20_261_203L);
    static final String JOB = "wide";

    @BeforeEach
    void reset() {
        WideJob.reset();
    }

    static StreamEnvironment environment(BarrierMode mode, Path dir, int retained) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir);
        env.getCheckpointConfig().enableIncrementalCheckpoints(true);
        env.getCheckpointConfig().storage().numRetained(retained);
        return env;
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldEndWithExactStateAfterAFailureRestoredFromChains(BarrierMode mode, @TempDir Path dir) throws IOException {
        WideJob.failAt = EVENTS / 3 + new Random(SEED + mode.ordinal()).nextLong(EVENTS / 3);
        StreamEnvironment env = environment(mode, dir, 100).setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        WideJob.build(env, EVENTS, RATE, 3);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(WideJob.FAILED.get(), "the failure was injected");
        assertEquals(1, job.restarts());
        WideJob.assertExact(EVENTS);
        RestoreStats restore = job.lastRestoreStats().orElseThrow(() -> new AssertionError("no restore timings"));
        assertEquals(job.lastRestoredCheckpointId().orElseThrow(), restore.checkpointId());
        assertEquals(0, restore.metadataMicros(), "a failover restores the checkpoint it holds: nothing read");
        assertTrue(restore.stateMicros() > 0 && restore.totalMicros() >= restore.stateMicros(), restore.toString());
        assertTrue(checkpoints(dir).stream().anyMatch(c -> longestChain(c) >= 3),
            "change links were written: chains of " + checkpoints(dir).stream().map(IncrementalCheckpointTest::longestChain).toList());
    }

    @Test
    void shouldCheckpointEveryMillisecondAndRecoverExactly(@TempDir Path dir) throws IOException {
        WideJob.failAt = EVENTS / 2;
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 1, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.getCheckpointConfig().enableIncrementalCheckpoints(true);
        WideJob.build(env, EVENTS, RATE, 2);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(WideJob.FAILED.get(), "the failure was injected");
        WideJob.assertExact(EVENTS);
        long completed = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
        assertTrue(completed >= 10, "checkpoints completed at a 1 ms interval: " + completed);
        List<CompletedCheckpoint> retained = checkpoints(dir);
        assertEquals(1, retained.size());
        try (Stream<Path> files = Files.list(CheckpointLayout.sharedDir(retained.get(0).directory().getParent()))) {
            assertEquals(retained.get(0).sharedFiles(), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()),
                "once the job ended, shared/ holds exactly what the retained checkpoint refers to");
        }
    }

    @Test
    void shouldRestoreAChainAtAnotherParallelism(@TempDir Path dir) throws IOException {
        runToTheEnd(dir, 2);
        CompletedCheckpoint chained = earliestWithChain(dir);

        WideJob.reset();
        StreamEnvironment env = environment(BarrierMode.ALIGNED, dir.resolve("second"), 1)
            .setRestore(chained.directory().toString());
        WideJob.build(env, EVENTS, 0, 3);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(WideJob.PROCESSED.get() > 0 && WideJob.PROCESSED.get() < EVENTS,
            "continued from checkpoint " + chained.checkpointId() + ": " + WideJob.PROCESSED.get());
        RestoreStats restore = job.lastRestoreStats().orElseThrow(() -> new AssertionError("no restore timings"));
        assertEquals(chained.checkpointId(), restore.checkpointId());
        assertTrue(restore.metadataMicros() > 0, "the checkpoint was read and checked: " + restore);
        assertTrue(restore.stateMicros() > 0 && restore.totalMicros() >= restore.metadataMicros() + restore.stateMicros(),
            restore.toString());
        assertEquals(0, WideJob.GAPS.get(), "gaps");
        assertEquals(0, WideJob.DUPLICATES.get(), "duplicates");
        assertEquals(0, WideJob.MISMATCHES.get(), "restored states that disagree with their key's sequence");
        WideJob.LAST.forEach((key, last) -> assertEquals(EVENTS / WideJob.KEYS - 1, last, "last number of key " + key));
    }

    @Test
    void shouldMixFullAndIncrementalCheckpointsInOneJobsHistory(@TempDir Path dir) {
        // full checkpoints, restored with incremental ones on, whose chain is restored with them off again
        StreamEnvironment full = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("full"));
        full.getCheckpointConfig().storage().numRetained(100);
        WideJob.build(full, EVENTS, RATE, 2);
        runAndCheckContinuity(full);
        CompletedCheckpoint fullCheckpoint = checkpoints(dir.resolve("full")).get(2);
        assertEquals(0, longestChain(fullCheckpoint) - 1, "a full checkpoint has no chain");

        StreamEnvironment incremental = environment(BarrierMode.ALIGNED, dir.resolve("incremental"), 100)
            .setRestore(fullCheckpoint.directory().toString());
        WideJob.build(incremental, EVENTS, RATE, 3);
        runAndCheckContinuity(incremental);
        CompletedCheckpoint chained = earliestWithChain(dir.resolve("incremental"));

        StreamEnvironment fullAgain = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("full-again"))
            .setRestore(chained.directory().toString());
        WideJob.build(fullAgain, EVENTS, 0, 2);
        runAndCheckContinuity(fullAgain);
    }

    private static void runAndCheckContinuity(StreamEnvironment env) {
        WideJob.reset();
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(0, WideJob.GAPS.get(), "gaps");
        assertEquals(0, WideJob.DUPLICATES.get(), "duplicates");
        assertEquals(0, WideJob.MISMATCHES.get(), "states that disagree with their key's sequence");
        WideJob.LAST.forEach((key, last) -> assertEquals(EVENTS / WideJob.KEYS - 1, last, "last number of key " + key));
        assertTrue(WideJob.PROCESSED.get() > 0, "processed records");
    }

    @Test
    void shouldNameACorruptSharedFileInVerifyAndRestore(@TempDir Path dir) throws IOException {
        runToTheEnd(dir, 2);
        CompletedCheckpoint chained = earliestWithChain(dir);
        StreamHandle full = chained.metadata().operator("checker").subtasks().stream()
            .filter(s -> !s.base().isEmpty()).findFirst().orElseThrow().base().get(0);
        Path file = chained.directory().resolve(full.fileName());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = full.offset() + full.length() / 2; // the file may be a shared log holding other links too
            raf.seek(middle);
            int b = raf.read();
            raf.seek(middle);
            raf.write(b ^ 0xFF);
        }
        String name = CheckpointLayout.sharedName(full.fileName());
        List<String> problems = CheckpointDirectories.open(chained.directory()).verify();
        assertTrue(problems.stream().anyMatch(p -> p.contains(name)), "verify names " + name + ": " + problems);

        WideJob.reset();
        StreamEnvironment env = environment(BarrierMode.ALIGNED, dir.resolve("second"), 1)
            .setRestore(chained.directory().toString());
        WideJob.build(env, EVENTS, 0, 2);
        Throwable failure = startFailure(env);
        assertTrue(String.valueOf(failure).contains(name), "the restore names " + name + ": " + failure);
    }

    @Test
    void shouldShowChainsAndNameUnreferencedSharedFilesOfAJob(@TempDir Path dir) throws IOException {
        runToTheEnd(dir, 2);
        CompletedCheckpoint chained = earliestWithChain(dir);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        int showExit = CheckpointsCli.run(new String[] {"show", chained.directory().toString()},
            new PrintStream(shown, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, showExit);
        assertTrue(shown.toString(StandardCharsets.UTF_8).contains("base 1/"), shown.toString(StandardCharsets.UTF_8));

        Path jobDir = chained.directory().getParent();
        String orphan = CheckpointLayout.sharedStateFileName("checker", 0, 1);
        Files.write(CheckpointLayout.sharedDir(jobDir).resolve(orphan), new byte[] {1, 2, 3});
        ByteArrayOutputStream verified = new ByteArrayOutputStream();
        int verifyExit = CheckpointsCli.run(new String[] {"verify", jobDir.toString()},
            new PrintStream(verified, true, StandardCharsets.UTF_8), System.err);
        String report = verified.toString(StandardCharsets.UTF_8);
        assertEquals(0, verifyExit, report);
        assertTrue(report.contains("UNREFERENCED  shared/" + orphan), report);
        assertTrue(report.contains("sound:"), report);
    }

    private static Throwable startFailure(StreamEnvironment env) {
        try {
            JobClient job = env.executeAsync(JOB);
            try {
                job.await(Jobs.TIMEOUT);
                return job.failureCause().orElse(null);
            } catch (RuntimeException e) {
                return job.failureCause().map(c -> (Throwable) new IllegalStateException(e.toString() + " / " + c, c))
                    .orElse(e);
            } finally {
                Jobs.stop(job);
            }
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void runToTheEnd(Path dir, int parallelism) {
        StreamEnvironment env = environment(BarrierMode.ALIGNED, dir, 100);
        WideJob.build(env, EVENTS, RATE, parallelism);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        WideJob.assertExact(EVENTS);
    }

    /** The first retained checkpoint whose checker state is a chain of three links or more. */
    private static CompletedCheckpoint earliestWithChain(Path dir) {
        List<CompletedCheckpoint> all = checkpoints(dir);
        return all.stream().filter(c -> longestChain(c) >= 3).findFirst()
            .orElseThrow(() -> new AssertionError("no chain of 3 links in " + all.stream()
                .map(IncrementalCheckpointTest::longestChain).toList()));
    }

    /** The complete checkpoints of the job under {@code dir}, oldest first. */
    private static List<CompletedCheckpoint> checkpoints(Path dir) {
        Path jobDir = dir.resolve(Restore.storageJobId(JOB));
        return CheckpointLayout.checkpointDirs(jobDir).stream().filter(CheckpointLayout::hasMetadata)
            .map(CheckpointDirectories::open).sorted(Comparator.comparingLong(CompletedCheckpoint::checkpointId)).toList();
    }

    private static int longestChain(CompletedCheckpoint checkpoint) {
        return checkpoint.metadata().operator("checker").subtasks().stream()
            .mapToInt(s -> s.keyedStreams().size()).max().orElse(0);
    }

}
