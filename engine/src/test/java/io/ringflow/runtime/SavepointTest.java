package io.ringflow.runtime;

import io.ringflow.restore.Restore;
import org.junit.jupiter.params.provider.ValueSource;

import io.ringflow.api.functions.MapFunction;

import io.ringflow.api.RestartStrategy;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Savepoints: taken while the job runs or as the job stops (sinks commit, the job ends FINISHED),
 * self-contained and relocatable, mapped to operators by uid (state of a dropped operator needs
 * allowNonRestoredState), and never deleted by the engine.
 */
class SavepointTest {
    static final long EVENTS = 120_000;
    static final String JOB = "savepoint-sequence";
    static final double RATE = 30_000;

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        SequenceJob.reset();
    }

    private StreamEnvironment environment(BarrierMode mode, Path checkpoints) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, checkpoints);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.DELETE_ON_CANCELLATION);
        return env;
    }

    /** Starts the job and waits until it completed {@code checkpoints} checkpoints. */
    private static JobClient startAndAwaitCheckpoints(StreamEnvironment env, int checkpoints) {
        JobClient job = env.executeAsync(JOB);
        Eventually.await(checkpoints + " completed checkpoints", () -> completed(job) >= checkpoints || job.status() != JobStatus.RUNNING,
            job::checkpointStats);
        assertEquals(JobStatus.RUNNING, job.status(), "still running: " + job.failureCause());
        return job;
    }

    private static long completed(JobClient job) {
        return job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED).count();
    }

    private static Path savepoint(JobClient job, Path target) throws Exception {
        return job.triggerSavepoint(target).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private JobClient runToEnd(StreamEnvironment env) {
        JobClient job = env.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        return job;
    }

    /** As in Flink, a savepoint is aligned whatever the mode: no records in flight, while the checkpoints beside it hold some. */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"UNALIGNED", "ALIGNED_WITH_TIMEOUT"})
    void shouldTakeSavepointsAlignedUnderUnalignedCheckpoints(BarrierMode mode) throws Exception {
        SequenceJob.parkEvery = 50; // backpressure: the periodic checkpoints hold records in flight
        StreamEnvironment first = environment(mode, dir.resolve("checkpoints"));
        SequenceJob.build(first, EVENTS, 0, 2, 3, false);
        JobClient job = first.executeAsync(JOB);
        Eventually.await("a checkpoint holding records in flight", () -> job.checkpointStats().stream().anyMatch(
            s -> s.status() == CheckpointStatus.COMPLETED && s.persistedInFlightBytes() > 0)
            || job.status() != JobStatus.RUNNING, job::checkpointStats);
        assertEquals(JobStatus.RUNNING, job.status(), () -> "still running: " + job.failureCause());
        Path taken;
        try {
            taken = savepoint(job, dir.resolve("savepoints").resolve("aligned"));
        } finally {
            Jobs.stop(job);
        }
        long checkpointsInFlight = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED)
            .filter(s -> s.persistedInFlightBytes() > 0).count();
        long savepointId = io.ringflow.storage.CheckpointDirectories.open(taken).checkpointId();
        CheckpointStats savepointStats = job.checkpointStats().stream().filter(s -> s.id() == savepointId).findFirst()
            .orElseThrow();
        assertTrue(checkpointsInFlight > 0, "the periodic checkpoints held records in flight");
        assertTrue(!savepointStats.unaligned() && savepointStats.persistedInFlightBytes() == 0,
            "the savepoint was taken aligned: " + savepointStats.describe());
        try (Stream<Path> files = Files.list(taken)) {
            List<String> inFlight = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("inflight-")).toList();
            assertEquals(List.of(), inFlight, "no records in flight in a savepoint");
        }

        SequenceJob.resetObservations();
        SequenceJob.parkEvery = 0;
        StreamEnvironment second = environment(mode, dir.resolve("checkpoints-2")).setRestore(taken.toString());
        SequenceJob.build(second, EVENTS, 0, 2, 2, false); // another parallelism
        runToEnd(second);
        assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once");
        SequenceJob.assertExactResults(EVENTS);
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldRestoreAMovedSavepointExactly(BarrierMode mode) throws Exception {
        if (mode == BarrierMode.UNALIGNED) {
            SequenceJob.parkEvery = 50; // backpressure: the savepoint may hold in-flight records, which must move with it
        }
        StreamEnvironment first = environment(mode, dir.resolve("checkpoints"));
        SequenceJob.build(first, EVENTS, mode == BarrierMode.UNALIGNED ? 0 : RATE, 2, 3, false);
        JobClient job = startAndAwaitCheckpoints(first, 2);
        Path taken;
        try {
            taken = savepoint(job, dir.resolve("savepoints").resolve("sp-1"));
        } finally {
            Jobs.stop(job);
        }
        assertEquals(dir.resolve("savepoints").resolve("sp-1").toAbsolutePath(), taken.toAbsolutePath());
        assertTrue(Files.isRegularFile(taken.resolve("_metadata")));

        Path moved = dir.resolve("elsewhere").resolve("moved-savepoint");
        Files.createDirectories(moved.getParent());
        Files.move(taken, moved);
        deleteTree(dir.resolve("checkpoints")); // self-contained: nothing outside the savepoint is needed
        SequenceJob.resetObservations();
        SequenceJob.parkEvery = 0;
        SequenceJob.PROCESSED.set(0);

        StreamEnvironment second = environment(mode, dir.resolve("checkpoints-2")).setRestore(moved.toString());
        SequenceJob.build(second, EVENTS, 0, 2, 2, false);
        runToEnd(second);
        assertEquals(2, SequenceJob.RESTORED_CHECKERS.get());
        assertTrue(SequenceJob.PROCESSED.get() < EVENTS, "continued from the savepoint");
        SequenceJob.assertExactResults(EVENTS);
        assertTrue(Files.isRegularFile(moved.resolve("_metadata")), "the restored savepoint is still there");
    }

    /** One stop per job: a second stop-with-savepoint asked for meanwhile fails instead of making a second final savepoint. */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldRefuseASecondStopWithSavepoint(BarrierMode mode) throws Exception {
        StreamEnvironment env = environment(mode, dir.resolve("checkpoints"));
        env.getCheckpointConfig().storage().savepointsDir(dir.resolve("savepoints"));
        SequenceJob.build(env, EVENTS, RATE, 2, 3, false);
        JobClient job = startAndAwaitCheckpoints(env, 2);
        java.util.concurrent.CompletableFuture<Path> first;
        java.util.concurrent.CompletableFuture<Path> second;
        try {
            first = job.stopWithSavepoint(null);
            second = job.stopWithSavepoint(null);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(Files.isRegularFile(first.get(10, TimeUnit.SECONDS).resolve("_metadata")), "the first stop's savepoint");
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("stopping with savepoint")
            || refused.getCause().getMessage().contains("attempt ended"), refused.getCause().getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldStopWithASavepointOnceTheSinkCommittedEverything(BarrierMode mode) throws Exception {
        Path log = dir.resolve("log");
        Path savepoint = stopWithSavepointIntoLog(mode, log);
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")));
        List<Long> committed = ChronicleLogReader.readCommitted(log, Codecs.LONG);
        if (mode == BarrierMode.ALIGNED) {
            assertEquals(ChronicleLogReader.readAll(log, Codecs.LONG).size(), committed.size(),
                "every record written before the stop is committed: no open transaction left behind");
        } // unaligned: records in flight at the savepoint are in it, so what the job wrote of them after it stays uncommitted
        assertTrue(committed.size() < EVENTS, "stopped before the end of the input");
        Map<Long, List<Long>> perKey = committed.stream().collect(Collectors.groupingBy(n -> n % SequenceJob.KEYS,
            TreeMap::new, Collectors.mapping(n -> n / SequenceJob.KEYS, Collectors.toList())));
        perKey.forEach((key, sequence) -> assertEquals(LongStream.range(0, sequence.size()).boxed().toList(), sequence,
            "key " + key + ": committed numbers are a gap-free prefix, in order"));

        SequenceJob.resetObservations();
        StreamEnvironment second = environment(mode, dir.resolve("checkpoints")).setRestore(savepoint.toString()).setParallelism(2);
        SequenceJob.checked(second, EVENTS, 0, 2, 2, false).sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        runToEnd(second);
        assertEquals(LongStream.range(0, EVENTS).boxed().toList(),
            ChronicleLogReader.readCommitted(log, Codecs.LONG).stream().sorted().toList(),
            "stop, then restore from the final savepoint: every record committed exactly once");
    }

    /**
     * The final savepoint committed the sinks' output up to it, so a restore of "latest" must take
     * it, not the older checkpoint before it (which would commit that output a second time).
     */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldRestoreTheFinalSavepointAsLatest(BarrierMode mode) throws Exception {
        Path log = dir.resolve("log");
        Path savepoint = stopWithSavepointIntoLog(mode, log);

        SequenceJob.resetObservations();
        StreamEnvironment second = environment(mode, dir.resolve("checkpoints")).setRestore("latest").setParallelism(2);
        SequenceJob.checked(second, EVENTS, 0, 2, 2, false).sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        JobClient restored = runToEnd(second);
        assertEquals(Optional.of(savepoint.toAbsolutePath()), restored.lastRestoredCheckpointPath().map(Path::toAbsolutePath));
        assertEquals(LongStream.range(0, EVENTS).boxed().toList(),
            ChronicleLogReader.readCommitted(log, Codecs.LONG).stream().sorted().toList(),
            "stop, then restore latest: every record committed exactly once");
    }

    @Test
    void shouldRefuseToRestoreLatestPastAFinalSavepointThatIsGone() throws Exception {
        Path log = dir.resolve("log");
        Path savepoint = stopWithSavepointIntoLog(BarrierMode.ALIGNED, log);
        Files.move(savepoint, dir.resolve("moved-savepoint"));

        StreamEnvironment second = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints")).setRestore("latest").setParallelism(2);
        SequenceJob.checked(second, EVENTS, 0, 2, 2, false).sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> second.executeAsync(JOB));
        assertTrue(refused.getMessage().contains(savepoint.toAbsolutePath().toString())
            && refused.getMessage().contains("allow-duplicate-output"), refused.getMessage());
    }

    /** Restore latest compares checkpoint ids: a run started afresh numbers its checkpoints after the savepoint. */
    @Test
    void shouldNumberTheCheckpointsOfAFreshRunAfterTheFinalSavepoint() throws Exception {
        stopWithSavepointIntoLog(BarrierMode.ALIGNED, dir.resolve("log"));
        String note = Files.readString(dir.resolve("checkpoints").resolve(Restore.storageJobId(JOB)).resolve("_final-savepoint"));
        long savepointId = Long.parseLong(note.substring(0, note.indexOf('\t')));

        StreamEnvironment fresh = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints")).setParallelism(2);
        SequenceJob.checked(fresh, EVENTS, RATE, 2, 2, false).sinkTo(DiscardingSink.create()).uid("log");
        JobClient job = startAndAwaitCheckpoints(fresh, 1);
        try {
            long first = job.checkpointStats().stream().mapToLong(CheckpointStats::id).min().orElseThrow();
            assertTrue(first > savepointId, "first checkpoint " + first + ", savepoint " + savepointId);
        } finally {
            Jobs.stop(job);
        }
    }

    /** Runs the job at parallelism 2 into an exactly-once log until two checkpoints completed, then stops it with a savepoint. */
    private Path stopWithSavepointIntoLog(BarrierMode mode, Path log) throws Exception {
        StreamEnvironment first = environment(mode, dir.resolve("checkpoints")).setParallelism(2);
        SequenceJob.checked(first, EVENTS, RATE, 2, 2, false).sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        JobClient job = startAndAwaitCheckpoints(first, 2);
        try {
            Path savepoint = job.stopWithSavepoint(dir.resolve("final-savepoint")).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
            return savepoint;
        } finally {
            Jobs.stop(job);
        }
    }

    /** Throws once, when the test says so. */
    static final class FailOnRequest implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean REQUESTED = new AtomicBoolean();

        @Override
        public Long map(Long value) {
            if (REQUESTED.compareAndSet(true, false)) {
                throw new IllegalStateException("injected failure after the savepoint");
            }
            return value;
        }
    }

    /**
     * As in Flink since 1.15, an intermediate savepoint commits nothing: failover never restores
     * it, so a sink that committed up to it would write those records again after a failure.
     */
    @ParameterizedTest(name = "periodic checkpoint before the savepoint: {0}")
    @ValueSource(booleans = {true, false})
    void shouldCommitNothingAtAnIntermediateSavepoint(boolean periodicCheckpointFirst) throws Exception {
        FailOnRequest.REQUESTED.set(false);
        Path log = dir.resolve("log");
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, periodicCheckpointFirst ? 50 : 600_000,
            dir.resolve("checkpoints")).setParallelism(2).setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        SequenceJob.checked(env, EVENTS, RATE, 2, 2, false)
            .map(new FailOnRequest()).returns(Codecs.LONG).uid("fail-on-request")
            .sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        JobClient job = periodicCheckpointFirst ? startAndAwaitCheckpoints(env, 1) : env.executeAsync(JOB);
        try {
            savepoint(job, dir.resolve("intermediate"));
            FailOnRequest.REQUESTED.set(true);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
            assertEquals(1, job.restarts(), "the injected failure happened after the savepoint");
        } finally {
            Jobs.stop(job);
        }
        List<Long> committed = ChronicleLogReader.readCommitted(log, Codecs.LONG);
        long distinct = committed.stream().distinct().count();
        assertEquals(EVENTS, distinct, "records lost");
        assertEquals(0, committed.size() - distinct, "records committed twice though a failure followed the savepoint");
        assertTrue(committed.stream().allMatch(n -> n >= 0 && n < EVENTS));
    }

    @Test
    void shouldTakeASavepointWithoutPeriodicCheckpoints() throws Exception {
        StreamEnvironment first = StreamEnvironment.create().setRingSize(64);
        SequenceJob.build(first, EVENTS, RATE, 2, 2, false);
        JobClient job = first.executeAsync(JOB);
        Path savepoint;
        try {
            Eventually.await("records processed", () -> SequenceJob.PROCESSED.get() > 1_000 || job.status() != JobStatus.RUNNING);
            savepoint = savepoint(job, dir.resolve("sp"));
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status());
        SequenceJob.resetObservations();
        SequenceJob.PROCESSED.set(0);

        StreamEnvironment second = StreamEnvironment.create().setRingSize(64).setRestore(savepoint.toString());
        SequenceJob.build(second, EVENTS, 0, 2, 2, false);
        runToEnd(second);
        assertEquals(2, SequenceJob.RESTORED_CHECKERS.get());
        assertTrue(SequenceJob.PROCESSED.get() < EVENTS, "continued from the savepoint");
        SequenceJob.assertExactResults(EVENTS);
    }

    @Test
    void shouldRequireAllowNonRestoredStateForAnOperatorTheJobNoLongerHas() throws Exception {
        StreamEnvironment first = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints"));
        SequenceJob.build(first, EVENTS, RATE, 2, 2, false);
        JobClient job = startAndAwaitCheckpoints(first, 1);
        Path savepoint;
        try {
            savepoint = savepoint(job, dir.resolve("sp"));
        } finally {
            Jobs.stop(job);
        }
        SequenceJob.resetObservations();

        StreamEnvironment withoutCounter = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints")).setRestore(savepoint.toString())
            .setParallelism(2);
        SequenceJob.checked(withoutCounter, EVENTS, 0, 2, 2, false).sinkTo(DiscardingSink.create()).uid("discard");
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> withoutCounter.executeAsync(JOB));
        assertTrue(e.getMessage().contains("[counter, recorder]") && e.getMessage().contains("setAllowNonRestoredState(true)"),
            e.getMessage());

        StreamEnvironment allowed = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints")).setRestore(savepoint.toString())
            .setAllowNonRestoredState(true).setParallelism(2);
        SequenceJob.checked(allowed, EVENTS, 0, 2, 2, false).sinkTo(DiscardingSink.create()).uid("discard");
        runToEnd(allowed);
        assertEquals(2, SequenceJob.RESTORED_CHECKERS.get(), "the checker's state was restored, the dropped operators' not");
        SequenceJob.assertEveryKeyComplete(EVENTS);
    }

    @Test
    void shouldNeverDeleteASavepoint() throws Exception {
        Path savepoints = dir.resolve("savepoints");
        StreamEnvironment first = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints"));
        first.getCheckpointConfig().storage().numRetained(1).savepointsDir(savepoints);
        SequenceJob.build(first, EVENTS, RATE, 2, 2, false);
        JobClient job = startAndAwaitCheckpoints(first, 1);
        Path savepoint;
        try {
            savepoint = savepoint(job, null); // under state.savepoints.dir
            long completedAfterSavepoint = completed(job);
            Eventually.await("three checkpoints after the savepoint, retention running each time",
                () -> completed(job) >= completedAfterSavepoint + 3 || job.status() != JobStatus.RUNNING, job::checkpointStats);
        } finally {
            Jobs.stop(job); // DELETE_ON_CANCELLATION: the job's checkpoints go, the savepoint stays
        }
        assertEquals(JobStatus.CANCELED, job.status());
        assertTrue(savepoint.startsWith(savepoints.toAbsolutePath()), savepoint.toString());
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), "the savepoint survived retention and cancel");
        assertFalse(hasCheckpoint(dir.resolve("checkpoints").resolve(Restore.storageJobId(JOB))),
            "the checkpoints were deleted on cancel");

        SequenceJob.resetObservations();
        StreamEnvironment second = environment(BarrierMode.ALIGNED, dir.resolve("checkpoints")).setRestore(savepoint.toString());
        second.getCheckpointConfig().storage().numRetained(1);
        SequenceJob.build(second, EVENTS, 0, 2, 2, false);
        runToEnd(second);
        SequenceJob.assertExactResults(EVENTS);
        assertTrue(Files.isRegularFile(savepoint.resolve("_metadata")), "a job restored from the savepoint keeps it");
    }

    /**
     * A savepoint is older than the checkpoints its job went on to retain under the same name;
     * a job restored from it must still take checkpoints there (not collide with, or be subsumed
     * by, the retained ones).
     */
    @Test
    void shouldCheckpointAfterRestoringASavepointOlderThanRetainedCheckpoints() throws Exception {
        StreamEnvironment first = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints"));
        SequenceJob.build(first, EVENTS, RATE, 2, 2, false);
        JobClient job = startAndAwaitCheckpoints(first, 1);
        Path savepoint;
        try {
            savepoint = savepoint(job, dir.resolve("sp"));
            long completedAfterSavepoint = completed(job);
            Eventually.await("five checkpoints after the savepoint",
                () -> completed(job) >= completedAfterSavepoint + 5 || job.status() != JobStatus.RUNNING, job::checkpointStats);
        } finally {
            Jobs.stop(job); // RETAIN_ON_CANCELLATION (the default): the newest checkpoint stays
        }
        SequenceJob.resetObservations();

        StreamEnvironment second = SequenceJob.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints"))
            .setRestore(savepoint.toString());
        SequenceJob.build(second, EVENTS, RATE, 2, 2, false);
        JobClient restored = second.executeAsync(JOB);
        try {
            Eventually.await("a checkpoint of the restored job",
                () -> completed(restored) >= 1 || restored.status() != JobStatus.RUNNING, restored::checkpointStats);
            assertEquals(JobStatus.RUNNING, restored.status(), "restored job: " + restored.failureCause());
            assertEquals(List.of(), restored.checkpointStats().stream()
                .filter(stats -> stats.status() == CheckpointStatus.FAILED || stats.status() == CheckpointStatus.EXPIRED)
                .map(CheckpointStats::describe).toList(), "failed checkpoints of the restored job");
        } finally {
            Jobs.stop(restored);
        }
    }

    private static boolean hasCheckpoint(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.anyMatch(chk -> Files.exists(chk.resolve("_metadata")));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
