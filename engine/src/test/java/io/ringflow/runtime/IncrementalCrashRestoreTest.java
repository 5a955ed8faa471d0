package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.restore.Restore;
import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.testing.ChildJvm;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process crash while incremental checkpoints are written: a child JVM runs {@link WideJob}
 * rate-limited with incremental checkpoints every 10 ms and is killed with SIGKILL at a point
 * drawn from a fixed seed ({@code -Dringflow.test.seed}): once a checkpoint's checker state is a
 * chain of two links or more, after a few more completed checkpoints and a delay of 0-30 ms, so
 * that the kill lands while links are written, while {@code _metadata} is committed, or while
 * retention and the shared-file sweep delete files. This JVM then restores {@code latest} with
 * incremental checkpoints still on and runs the input to its end: no gap, no duplicate, no state
 * that disagrees with its key's sequence, the final checkpoint verifies, and the shared directory
 * holds only files that retained checkpoints refer to (orphans of the crashed run were swept).
 */
class IncrementalCrashRestoreTest {
    static final long EVENTS = 240_000; // 40 numbers per key; 6 s at the child's rate, the kill comes within about 2
    static final double CHILD_RATE = 40_000;
    static final int PARALLELISM = 3;
    /** Two retained: the checkpoint completed before the newest, which the sweep keeps too, stays readable. */
    static final int RETAINED = 2;
    static final long SEED = Long.getLong("ringflow.test.seed", 20_261_204L);
    static final String JOB = "wide-crash";

    @BeforeEach
    void reset() {
        WideJob.reset();
    }

    static StreamEnvironment environment(Path dir) {
        return IncrementalCheckpointTest.environment(BarrierMode.ALIGNED, dir, RETAINED);
    }

    /** The child: runs the job rate-limited with incremental checkpoints until it is killed. */
    public static void main(String[] args) {
        StreamEnvironment env = environment(Path.of(args[0]));
        WideJob.build(env, EVENTS, CHILD_RATE, PARALLELISM);
        env.execute(JOB);
    }

    /**
     * Where one kill lands: once checkpoint {@code checkpoints} ids after the first with a chain
     * of 2 links completed, {@code delayMicros} later. Point {@code i} is the {@code i}-th draw
     * of one generator, so the points differ whatever the seed.
     */
    record KillPoint(int checkpoints, int delayMicros) {
        static KillPoint draw(int point) {
            Random random = new Random(SEED);
            KillPoint drawn = null;
            for (int i = 0; i <= point; i++) {
                drawn = new KillPoint(1 + random.nextInt(10), random.nextInt(30_001));
            }
            return drawn;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void shouldRestoreExactStateAfterAKill9DuringIncrementalCheckpoints(int point, @TempDir Path dir) throws Exception {
        KillPoint kill = KillPoint.draw(point);
        String where = "seed " + SEED + ", kill point " + point + " " + kill;
        Path log = dir.resolve("child.log");
        Path jobDir = dir.resolve(Restore.storageJobId(JOB));
        Process child = ChildJvm.start("256m", IncrementalCrashRestoreTest.class.getName(), List.of(dir.toString()), log);
        long armedAt;
        long killedAfter;
        try {
            long deadline = System.nanoTime() + Jobs.TIMEOUT.toNanos();
            ChainWatch chains = new ChainWatch(jobDir);
            while (chains.firstWithChain(2) < 0 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            armedAt = chains.firstWithChain(2);
            assertTrue(armedAt >= 0, "no checkpoint with a chain of 2 links in time (" + where + "): " + tail(log));
            while (newestCompleted(jobDir) < armedAt + kill.checkpoints() && child.isAlive()
                && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            killedAfter = newestCompleted(jobDir);
            assertTrue(killedAfter >= armedAt + kill.checkpoints(),
                "checkpoint " + (armedAt + kill.checkpoints()) + " not completed in time (" + where + "): " + tail(log));
            LockSupport.parkNanos(kill.delayMicros() * 1_000L);
            assertTrue(child.isAlive(), "the child ended before it could be killed (" + where + "): " + tail(log));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        String left = "left by the kill after checkpoint " + killedAfter + ": " + describe(jobDir);

        WideJob.reset();
        StreamEnvironment env = environment(dir).setRestore(Restore.LATEST);
        WideJob.build(env, EVENTS, 0, PARALLELISM);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status(), where + "; " + left);
        } finally {
            Jobs.stop(job);
        }
        String context = where + "; " + left;
        long processed = WideJob.PROCESSED.get();
        System.out.println("IncrementalCrashRestoreTest: " + context + "; the restored run processed " + processed
            + " and left " + describe(jobDir));
        assertTrue(processed > 0 && processed < EVENTS, "the checker continued from restored state: " + processed
            + " of " + EVENTS + " processed (" + context + ")");
        assertEquals(0, WideJob.GAPS.get(), "gaps (" + context + ")");
        assertEquals(0, WideJob.DUPLICATES.get(), "duplicates (" + context + ")");
        assertEquals(0, WideJob.MISMATCHES.get(), "restored states that disagree with their key's sequence (" + context + ")");
        assertFalse(WideJob.LAST.isEmpty(), "records after the restore (" + context + ")");
        WideJob.LAST.forEach((key, last) -> assertEquals(EVENTS / WideJob.KEYS - 1, last,
            "last number of key " + key + " (" + context + ")"));

        List<CompletedCheckpoint> retained = retained(jobDir);
        assertFalse(retained.isEmpty(), "a checkpoint is retained after the restored run (" + context + ")");
        // the final one may hold little keyed state (a subtask that finished before it carries none), so all are verified
        for (CompletedCheckpoint checkpoint : retained) {
            assertEquals(List.of(), CheckpointDirectories.open(checkpoint.directory()).verify(),
                "retained checkpoint " + checkpoint.checkpointId() + " verifies (" + context + ")");
        }
        Set<String> referenced = new TreeSet<>();
        for (CompletedCheckpoint checkpoint : retained) {
            referenced.addAll(checkpoint.sharedFiles());
        }
        Set<String> present = sharedFiles(jobDir);
        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(present);
        assertEquals(Set.of(), missing, "shared files retained checkpoints refer to exist (" + context + ")");
        // RETAINED is 2, so the checkpoint completed before the newest (which the sweep keeps too) is retained
        Set<String> orphans = new TreeSet<>(present);
        orphans.removeAll(referenced);
        assertEquals(Set.of(), orphans, "shared files no retained checkpoint refers to, after the restored run's sweeps; "
            + "retained " + retained.stream().map(CompletedCheckpoint::checkpointId).toList() + " (" + context + ")");
    }

    /** Reads each complete checkpoint's metadata once, while the child writes them: the polling must stay cheap. */
    private static final class ChainWatch {
        private final Path jobDir;
        private final Set<Long> seen = new HashSet<>();
        private long found = -1;

        ChainWatch(Path jobDir) {
            this.jobDir = jobDir;
        }

        /** The id of the first complete checkpoint seen whose checker state is a chain of at least {@code links}, or -1. */
        long firstWithChain(int links) {
            for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
                long id = CheckpointLayout.checkpointId(dir);
                if (found >= 0 || seen.contains(id) || !CheckpointLayout.hasMetadata(dir)) {
                    continue;
                }
                try {
                    if (longestChain(CheckpointDirectories.open(dir)) >= links) {
                        found = id;
                    }
                    seen.add(id);
                } catch (RuntimeException e) {
                    // deleted by retention while being read: a newer one is complete
                }
            }
            return found;
        }
    }

    private static long newestCompleted(Path jobDir) {
        long newest = -1;
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            if (CheckpointLayout.hasMetadata(dir)) {
                newest = Math.max(newest, CheckpointLayout.checkpointId(dir));
            }
        }
        return newest;
    }

    private static int longestChain(CompletedCheckpoint checkpoint) {
        return checkpoint.metadata().operator("checker").subtasks().stream()
            .mapToInt(s -> s.keyedStreams().size()).max().orElse(0);
    }

    private static List<CompletedCheckpoint> retained(Path jobDir) {
        List<CompletedCheckpoint> all = new ArrayList<>();
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            if (CheckpointLayout.hasMetadata(dir)) {
                all.add(CheckpointDirectories.open(dir));
            }
        }
        return all;
    }

    private static Set<String> sharedFiles(Path jobDir) throws IOException {
        Path shared = CheckpointLayout.sharedDir(jobDir);
        if (!Files.isDirectory(shared)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(shared)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** What the kill left: each checkpoint directory (complete with its chain lengths, or not) and the shared files. */
    private static String describe(Path jobDir) {
        List<String> parts = new ArrayList<>();
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            String name = dir.getFileName().toString();
            if (CheckpointLayout.hasMetadata(dir)) {
                try {
                    CompletedCheckpoint c = CheckpointDirectories.open(dir);
                    parts.add(name + " chain " + c.metadata().operator("checker").subtasks().stream()
                        .map(s -> s.keyedStreams().size()).toList());
                } catch (RuntimeException e) {
                    parts.add(name + " unreadable: " + e.getMessage());
                }
            } else {
                parts.add(name + " incomplete");
            }
        }
        try {
            Set<String> shared = sharedFiles(jobDir);
            Set<String> referenced = new HashSet<>();
            for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
                if (CheckpointLayout.hasMetadata(dir)) {
                    referenced.addAll(CheckpointDirectories.open(dir).sharedFiles());
                }
            }
            long unreferenced = shared.stream().filter(f -> !referenced.contains(f)).count();
            parts.add(shared.size() + " shared files, " + unreferenced + " unreferenced");
        } catch (IOException | RuntimeException e) {
            parts.add("shared files unreadable: " + e);
        }
        return String.join(", ", parts);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
    }
}
