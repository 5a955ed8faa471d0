package io.ringflow.runtime;

import io.ringflow.restore.Restore;
import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restore from outside: a job cancelled with its checkpoints retained is started again by a
 * fresh environment in this process, from {@code latest} or from a checkpoint's path, with the
 * keyed operator at the same or another parallelism. Keyed state moves by key group, split list
 * state is dealt out round-robin, union list state goes whole to every subtask, and the in-flight
 * records of an unaligned checkpoint reach the subtasks that own their keys now. Sources keep
 * their parallelism; changing it stops the restore with a message saying why.
 */
class RestoreTest {
    static final long EVENTS = 120_000;
    static final String JOB = "restore-sequence";

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        SequenceJob.reset();
    }

    /** Runs the first job, rate-limited so it is still running, until {@code until} holds; then cancels it. */
    private CheckpointStats runAndCancel(BarrierMode mode, int parallelism, Predicate<CheckpointStats> until) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().storage().numRetained(1_000);
        SequenceJob.build(env, EVENTS, SequenceJob.parkEvery > 0 ? 0 : 50_000, 2, parallelism, mode == BarrierMode.AT_LEAST_ONCE);
        JobClient job = env.executeAsync(JOB);
        List<CheckpointStats> wanted = new ArrayList<>();
        try {
            Eventually.await("a completed checkpoint to restore from", () -> {
                job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED)
                    .filter(until).findFirst().ifPresent(wanted::add);
                return !wanted.isEmpty() || job.status() != JobStatus.RUNNING;
            }, job::checkpointStats);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status(), "the first job was still running when cancelled: " + job.failureCause());
        SequenceJob.resetObservations();
        SequenceJob.parkEvery = 0;
        SequenceJob.PROCESSED.set(0);
        return wanted.get(0);
    }

    private Path checkpointPath(CheckpointStats checkpoint) {
        return dir.resolve(Restore.storageJobId(JOB)).resolve("chk-" + checkpoint.id());
    }

    /** Starts the second job from {@code restore} and waits for it to finish. */
    private JobClient restoreAndFinish(BarrierMode mode, String restore, int sourceParallelism, int parallelism) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir).setRestore(restore);
        SequenceJob.build(env, EVENTS, 0, sourceParallelism, parallelism, mode == BarrierMode.AT_LEAST_ONCE);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(SequenceJob.PROCESSED.get() < EVENTS, "the restored job continued where the checkpoint left off, "
            + "it did not start over: " + SequenceJob.PROCESSED.get() + " new records of " + EVENTS);
        return job;
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldRestoreTheLatestRetainedCheckpointInANewEnvironment(BarrierMode mode) {
        runAndCancel(mode, 2, stats -> stats.id() >= 3);
        restoreAndFinish(mode, Restore.LATEST, 2, 2);
        assertEquals(2, SequenceJob.RESTORED_CHECKERS.get(), "both checker subtasks restored");
        if (mode != BarrierMode.AT_LEAST_ONCE) {
            assertEquals(0, SequenceJob.DUPLICATES.get());
        }
        SequenceJob.assertExactResults(EVENTS);
        assertSplitAndUnion(2, 2);
    }

    @Test
    void shouldRestoreACheckpointByItsPath() {
        CheckpointStats checkpoint = runAndCancel(BarrierMode.ALIGNED, 2, stats -> stats.id() >= 2);
        restoreAndFinish(BarrierMode.ALIGNED, checkpointPath(checkpoint).toString(), 2, 2);
        SequenceJob.assertExactResults(EVENTS);
    }

    static Stream<Arguments> rescales() {
        List<Arguments> all = new ArrayList<>();
        for (BarrierMode mode : List.of(BarrierMode.ALIGNED, BarrierMode.UNALIGNED)) {
            all.add(Arguments.of(mode, 1, 2));
            all.add(Arguments.of(mode, 4, 3));
            all.add(Arguments.of(mode, 3, 4));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("rescales")
    void shouldKeepEveryKeyExactWhenRestoredAtAnotherParallelism(BarrierMode mode, int from, int to) {
        runAndCancel(mode, from, stats -> stats.id() >= 3);
        restoreAndFinish(mode, Restore.LATEST, 2, to);
        assertEquals(to, SequenceJob.RESTORED_CHECKERS.get(), "every new checker subtask restored");
        assertEquals(0, SequenceJob.DUPLICATES.get());
        SequenceJob.assertExactResults(EVENTS);
        assertSplitAndUnion(from, to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("inFlightRescales")
    void shouldRedistributeInFlightRecordsOfAnUnalignedCheckpointOnRescale(int from, int to) {
        SequenceJob.parkEvery = 50; // a slow checker: full rings, so unaligned checkpoints persist in-flight records
        CheckpointStats checkpoint = runAndCancel(BarrierMode.UNALIGNED, from, stats -> stats.persistedInFlightBytes() > 0 && stats.id() >= 3);
        assertTrue(checkpoint.persistedInFlightBytes() > 0);
        restoreAndFinish(BarrierMode.UNALIGNED, checkpointPath(checkpoint).toString(), 2, to);
        assertEquals(0, SequenceJob.DUPLICATES.get());
        SequenceJob.assertExactResults(EVENTS);
    }

    static Stream<Arguments> inFlightRescales() {
        return Stream.of(Arguments.of(2, 3), Arguments.of(3, 2));
    }

    @Test
    void shouldStopARestoreThatChangesASourcesParallelismSayingWhy() {
        runAndCancel(BarrierMode.ALIGNED, 2, stats -> stats.id() >= 2);
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir).setRestore(Restore.LATEST)
            .setRestartStrategy(io.ringflow.api.RestartStrategy.fixedDelay(3, java.time.Duration.ofMillis(10)));
        SequenceJob.build(env, EVENTS, 0, 3, 2, false);
        int[] restarts = {-1};
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            JobClient job = env.executeAsync(JOB);
            try {
                job.await(Jobs.TIMEOUT);
            } finally {
                restarts[0] = job.restarts();
                Jobs.stop(job);
            }
        });
        String message = messages(e);
        assertTrue(message.contains("'numbers'") && message.contains("parallelism 2") && message.contains("restore the source at parallelism 2"),
            message);
        assertEquals(0, restarts[0], "no restart: each would restore the same checkpoint");
    }

    @Test
    void shouldSayWhenThereIsNoCheckpointToRestore() {
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir).setRestore(Restore.LATEST);
        SequenceJob.build(env, EVENTS, 0, 2, 2, false);
        RuntimeException e = assertThrows(RuntimeException.class, () -> env.executeAsync(JOB));
        assertTrue(e.getMessage().contains("no completed checkpoint") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    /** The recorder's operator state after a restore from {@code from} to {@code to} subtasks, by Flink's rules. */
    private static void assertSplitAndUnion(int from, int to) {
        List<Long> all = new ArrayList<>();
        List<Long> union = new ArrayList<>();
        for (int old = 0; old < from; old++) {
            all.add(100L * old);
            all.add(100L * old + 1);
            union.add((long) old);
        }
        for (int subtask = 0; subtask < to; subtask++) {
            List<Long> split = new ArrayList<>();
            if (from == to) {
                split.addAll(List.of(100L * subtask, 100L * subtask + 1));
            } else {
                for (int j = 0; j < all.size(); j++) {
                    if (j % to == subtask) {
                        split.add(all.get(j));
                    }
                }
            }
            assertEquals(split, SequenceJob.RESTORED_SPLIT.get(subtask), "split list state of subtask " + subtask);
            assertEquals(union, SequenceJob.RESTORED_UNION.get(subtask), "union list state of subtask " + subtask);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
