package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.restore.Restore;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyed state and timers of a two-input operator restored at another parallelism by a new
 * environment: from a savepoint (aligned, 2 to 4 subtasks) and from a retained unaligned
 * checkpoint holding in-flight records of both inputs (3 to 2 subtasks), which go back into
 * their own input at the subtask that owns their key now. Both inputs of every key continue
 * where the checkpoint left them, and every key's timer fires once, where its key group went.
 */
class ConnectedRestoreTest {
    private static final long EVENTS = 60_000; // per input
    private static final String JOB = "connected-restore";

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        ConnectedSequenceJob.reset();
    }

    private StreamEnvironment environment(BarrierMode mode) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir.resolve("checkpoints"));
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().storage().numRetained(1_000);
        return env;
    }

    @Test
    void shouldRestoreASavepointAtHigherParallelism() throws Exception {
        StreamEnvironment first = environment(BarrierMode.ALIGNED);
        ConnectedSequenceJob.build(first, EVENTS, 50_000, 2, false);
        JobClient job = first.executeAsync(JOB);
        Path savepoint;
        try {
            Eventually.await("2 completed checkpoints", () -> completed(job) >= 2 || job.status() != JobStatus.RUNNING,
                job::checkpointStats);
            savepoint = job.triggerSavepoint(dir.resolve("savepoint")).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status(), "the first job was still running when cancelled: " + job.failureCause());

        restoreAndFinish(BarrierMode.ALIGNED, savepoint.toString(), 4);
    }

    @Test
    void shouldRestoreAnUnalignedCheckpointWithInFlightRecordsAtLowerParallelism() {
        SequenceJob.parkEvery = 50; // a slow checker: full rings, so unaligned checkpoints persist in-flight records
        StreamEnvironment first = environment(BarrierMode.UNALIGNED);
        ConnectedSequenceJob.build(first, EVENTS, 0, 3, false);
        JobClient job = first.executeAsync(JOB);
        List<CheckpointStats> wanted = new ArrayList<>();
        try {
            Eventually.await("a completed checkpoint with in-flight records", () -> {
                job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED)
                    .filter(stats -> stats.id() >= 3 && stats.persistedInFlightBytes() > 0).findFirst().ifPresent(wanted::add);
                return !wanted.isEmpty() || job.status() != JobStatus.RUNNING;
            }, job::checkpointStats);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status(), "the first job was still running when cancelled: " + job.failureCause());
        Path checkpoint = dir.resolve("checkpoints").resolve(Restore.storageJobId(JOB)).resolve("chk-" + wanted.get(0).id());

        JobClient restored = restoreAndFinish(BarrierMode.UNALIGNED, checkpoint.toString(), 2);
        assertEquals(wanted.get(0).persistedInFlightBytes() / 16, restored.replayedInFlightRecords(),
            "every in-flight record of the checkpoint re-injected, once"); // an 8-byte timestamp and an 8-byte long each
    }

    /** Runs the job again from {@code restore} at {@code parallelism} to its end and checks every key exactly. */
    private JobClient restoreAndFinish(BarrierMode mode, String restore, int parallelism) {
        SequenceJob.resetObservations();
        SequenceJob.parkEvery = 0;
        SequenceJob.PROCESSED.set(0);
        StreamEnvironment env = environment(mode).setRestore(restore);
        ConnectedSequenceJob.build(env, EVENTS, 0, parallelism, false);
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(parallelism, SequenceJob.RESTORED_CHECKERS.get(), "every new checker subtask restored");
        assertTrue(SequenceJob.PROCESSED.get() < 2 * EVENTS, "the restored job continued where the checkpoint left off: "
            + SequenceJob.PROCESSED.get() + " new records of " + 2 * EVENTS);
        assertEquals(0, SequenceJob.DUPLICATES.get());
        ConnectedSequenceJob.assertExactResults(EVENTS);
        return job;
    }

    private static long completed(JobClient job) {
        return job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED).count();
    }
}
