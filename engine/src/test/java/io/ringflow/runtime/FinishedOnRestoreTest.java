package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.TwoPhaseCommitSinkFailoverTest.PerSubtaskSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ringflow.runtime.TwoPhaseCommitSinkFailoverTest.FINISHED;
import static io.ringflow.runtime.TwoPhaseCommitSinkFailoverTest.VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A task whose input ended did its end-of-input work (a sink's last records, a two-input
 * function's endInput) before a checkpoint; a restore of that checkpoint, or of a later one,
 * must not do it again, as Flink's finished-on-restore tasks do not: before, the output of that
 * work was committed a second time (a trial: every marker twice, 8 of 8 runs).
 */
class FinishedOnRestoreTest {
    private static final long LONG_EVENTS = 60_000;
    /** Set by the test once the short branch's output was committed and more checkpoints completed. */
    private static final AtomicBoolean FAIL_NOW = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        new TwoPhaseCommitSinkFailoverTest().reset();
        FAIL_NOW.set(false);
        FAILED.set(false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED", "AT_LEAST_ONCE"})
    void shouldNotRedoTheEndOfInputWorkOfFinishedTasksOnRestore(BarrierMode mode) throws Exception {
        JobClient job = job(mode).setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO))
            .executeAsync("finished-on-restore");
        try {
            Eventually.await("the short branch's last records committed",
                () -> count("end of subtask 0") == 1 && count("end of subtask 1") == 1 || job.status() != JobStatus.RUNNING,
                VISIBLE::toString);
            long completed = completed(job);
            Eventually.await("three more checkpoints, the finished tasks taking no part",
                () -> completed(job) >= completed + 3 || job.status() != JobStatus.RUNNING, job::checkpointStats);
            FAIL_NOW.set(true);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(1, job.restarts(), "the long branch failed once, after the short one finished");
        assertCommittedOnce();
        assertEquals(2, FINISHED.get(), "finishProcessing once per subtask, not again after the restore");

        // the whole job finished: a restore of its final checkpoint has nothing left to do
        JobClient again = job(mode).setRestore("latest").executeAsync("finished-on-restore");
        try {
            assertEquals(JobStatus.FINISHED, again.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(again);
        }
        assertCommittedOnce();
        assertEquals(2, FINISHED.get(), "finishProcessing not again after a restore of the final checkpoint");
    }

    /**
     * A short branch (two bounded inputs of 10 records per subtask, connected; endInput(2) emits a
     * marker; a two-phase-commit sink whose finishProcessing writes one) beside a long one that
     * fails once when told.
     */
    private StreamEnvironment job(BarrierMode mode) {
        StreamEnvironment env = SequenceJob.environment(mode, 20, dir.resolve("checkpoints")).setParallelism(2);
        DataStream<Long> first = env.fromSource(GeneratorSource.bounded(20, n -> n), WatermarkStrategy.noWatermarks(),
            "first").uid("first");
        DataStream<Long> second = env.fromSource(GeneratorSource.bounded(20, n -> 100 + n), WatermarkStrategy.noWatermarks(),
            "second").uid("second");
        first.connect(second).process(new EndMarker()).uid("end-marker").sinkTo(new PerSubtaskSink()).uid("sink");
        env.fromSource(GeneratorSource.bounded(LONG_EVENTS, n -> n).withRate(20_000), WatermarkStrategy.noWatermarks(),
                "long").uid("long")
            .map(new FailWhenTold()).uid("fail-when-told")
            .sinkTo(DiscardingSink.create()).uid("discard");
        return env;
    }

    private static void assertCommittedOnce() {
        Map<String, Integer> counts = new TreeMap<>();
        synchronized (VISIBLE) {
            VISIBLE.forEach(v -> counts.merge(v, 1, Integer::sum));
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (long n = 0; n < 20; n++) {
            expected.put(Long.toString(n), 1);
            expected.put(Long.toString(100 + n), 1);
        }
        expected.put("-1000", 1);
        expected.put("-1001", 1);
        expected.put("end of subtask 0", 1);
        expected.put("end of subtask 1", 1);
        assertEquals(expected, counts, "every record and every end-of-input output committed once");
    }

    private static long count(String value) {
        synchronized (VISIBLE) {
            return VISIBLE.stream().filter(value::equals).count();
        }
    }

    private static long completed(JobClient job) {
        List<CheckpointStats> stats = new ArrayList<>(job.checkpointStats());
        return stats.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
    }

    /** Passes both inputs on; when the second ended, emits -1000 - subtask. */
    static final class EndMarker extends CoProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement1(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }

        @Override
        public void endInput(int inputId, Collector<Long> out) {
            if (inputId == 2) {
                out.collect(-1000L - getRuntimeContext().getIndexOfThisSubtask());
            }
        }
    }

    static final class FailWhenTold implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            if (FAIL_NOW.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after the short branch finished");
            }
            return value;
        }
    }
}
