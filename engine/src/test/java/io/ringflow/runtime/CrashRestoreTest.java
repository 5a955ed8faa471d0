package io.ringflow.runtime;

import io.ringflow.restore.Restore;
import io.ringflow.testing.ChildJvm;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process crash in the middle of a checkpoint: a child JVM runs the sequence job, its
 * checkpoints from the third on are slow to snapshot, and it is killed with SIGKILL while one of
 * them is being written (its directory exists, its _metadata not). A new environment in this JVM
 * then restores {@code latest} and runs the input to its end: every key's result is that of a
 * failure-free run, and at-least-once loses nothing.
 */
class CrashRestoreTest {
    static final long EVENTS = 120_000;
    static final String JOB = "crash-sequence";
    static final long SLOW_FROM_CHECKPOINT = 3;

    @BeforeEach
    void reset() {
        SequenceJob.reset();
    }

    /** The child: runs the job rate-limited, slow checkpoints from the third on, until it is killed. */
    public static void main(String[] args) {
        BarrierMode mode = BarrierMode.valueOf(args[0]);
        SequenceJob.slowSnapshotFrom = SLOW_FROM_CHECKPOINT;
        StreamEnvironment env = SequenceJob.environment(mode, 10, Path.of(args[1]));
        SequenceJob.build(env, EVENTS, 40_000, 2, 3, mode == BarrierMode.AT_LEAST_ONCE);
        env.execute(JOB);
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldRestoreTheLatestCheckpointAfterAKill9MidCheckpoint(BarrierMode mode, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = child(log, mode.name(), dir.toString());
        Path jobDir = dir.resolve(Restore.storageJobId(JOB));
        try {
            long deadline = System.nanoTime() + Jobs.TIMEOUT.toNanos();
            while (!midCheckpoint(jobDir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertTrue(child.isAlive(), "the child ended before it could be killed: " + Files.readString(log));
            assertTrue(midCheckpoint(jobDir), "no checkpoint in progress in time: " + Files.readString(log));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(hasIncomplete(jobDir), "killed while a checkpoint directory had no _metadata yet");

        StreamEnvironment env = SequenceJob.environment(mode, 10, dir).setRestore(Restore.LATEST);
        SequenceJob.build(env, EVENTS, 0, 2, 3, mode == BarrierMode.AT_LEAST_ONCE);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(3, SequenceJob.RESTORED_CHECKERS.get(), "the checker restored its state");
        assertTrue(SequenceJob.PROCESSED.get() < EVENTS, "continued from the checkpoint: " + SequenceJob.PROCESSED.get());
        if (mode != BarrierMode.AT_LEAST_ONCE) {
            assertEquals(0, SequenceJob.DUPLICATES.get());
        }
        SequenceJob.assertExactResults(EVENTS);
    }

    /** A checkpoint complete (one is retained) and a slow one begun but not complete. */
    private static boolean midCheckpoint(Path jobDir) throws IOException {
        return completeCount(jobDir) >= 1 && checkpointDirs(jobDir).stream().anyMatch(chk -> !Files.exists(chk.resolve("_metadata"))
            && Long.parseLong(chk.getFileName().toString().substring("chk-".length())) >= SLOW_FROM_CHECKPOINT);
    }

    private static long completeCount(Path jobDir) throws IOException {
        return checkpointDirs(jobDir).stream().filter(chk -> Files.exists(chk.resolve("_metadata"))).count();
    }

    private static boolean hasIncomplete(Path jobDir) throws IOException {
        return checkpointDirs(jobDir).stream().anyMatch(chk -> !Files.exists(chk.resolve("_metadata")));
    }

    private static List<Path> checkpointDirs(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        }
    }

    private static Process child(Path log, String... args) throws IOException {
        return ChildJvm.start("256m", CrashRestoreTest.class.getName(), List.of(args), log);
    }
}
