package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcast state restored from a savepoint at another parallelism by a new environment: every new
 * subtask restores a full copy (the same size everywhere, as every old subtask held the same state),
 * then takes the rules after it in sequence, and ends holding all of them; the keyed side continues
 * exactly where the savepoint left it.
 */
class BroadcastRestoreTest {
    private static final long EVENTS = 60_000;
    private static final long RULES = 400;
    private static final String JOB = "broadcast-restore";

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        BroadcastSequenceJob.reset();
    }

    @ParameterizedTest(name = "{0} to {1} subtasks")
    @CsvSource({"2, 4", "3, 2"})
    void shouldGiveEveryNewSubtaskTheWholeBroadcastState(int before, int after) throws Exception {
        StreamEnvironment first = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints"));
        BroadcastSequenceJob.build(first, EVENTS, 50_000, RULES, 400, before, false);
        JobClient job = first.executeAsync(JOB);
        Path savepoint;
        try {
            Eventually.await("2 completed checkpoints", () -> job.checkpointStats().stream()
                .filter(stats -> stats.status() == CheckpointStatus.COMPLETED).count() >= 2
                || job.status() != JobStatus.RUNNING, job::checkpointStats);
            savepoint = job.triggerSavepoint(dir.resolve("savepoint")).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status(), "the first job was still running when cancelled: " + job.failureCause());

        SequenceJob.resetObservations();
        SequenceJob.PROCESSED.set(0);
        BroadcastSequenceJob.RULES_AT_END.clear();
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints"))
            .setRestore(savepoint.toString());
        BroadcastSequenceJob.build(env, EVENTS, 0, RULES, 0, after, false);
        JobClient restored = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, restored.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(restored);
        }

        assertEquals(after, BroadcastSequenceJob.RESTORED_RULES.size(), "new subtasks that restored broadcast state: "
            + BroadcastSequenceJob.RESTORED_RULES);
        assertEquals(1, new HashSet<>(BroadcastSequenceJob.RESTORED_RULES.values()).size(),
            "every new subtask restored the same copy: " + BroadcastSequenceJob.RESTORED_RULES);
        int restoredRules = BroadcastSequenceJob.RESTORED_RULES.get(0);
        assertTrue(restoredRules > 0 && restoredRules < RULES, "the savepoint fell among the rules: " + restoredRules);
        assertTrue(SequenceJob.PROCESSED.get() < EVENTS, "the restored job continued where the savepoint left off");
        assertEquals(0, SequenceJob.DUPLICATES.get());
        BroadcastSequenceJob.assertExactResults(EVENTS, RULES, after);
    }
}
