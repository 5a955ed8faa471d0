package io.ringflow.runtime;

import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.OutputTag;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.SingleOutputStreamOperator;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.SequenceJob.FailurePoint;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A union and side outputs under checkpoints with one injected failure, in every barrier mode:
 * SequenceJob's keyed checkers see each key's numbers with no gap and (but at-least-once) no
 * duplicate, and the counter behind them counts every record once (at least once in that mode). Keys 0-29 and 30-59 take
 * different paths: two sources into a union, or the main and a side output of one function.
 */
class UnionAndSideOutputFailoverTest {
    private static final long EVENTS = 120_000;
    private static final double RATE = 400_000;
    static final Set<Integer> ATTEMPTS = ConcurrentHashMap.newKeySet();
    static final OutputTag<Long> HIGH_KEYS = new OutputTag<Long>("high-keys") {
    };

    @BeforeEach
    void reset() {
        SequenceJob.reset();
        ATTEMPTS.clear();
    }

    /** Number {@code n} of a source for keys {@code offset .. offset+29}: key {@code offset + n % 30}, sequence {@code n / 30}. */
    private static GeneratorSource<Long> halfOfTheKeys(long offset) {
        return GeneratorSource.bounded(EVENTS / 2, n -> n / 30 * SequenceJob.KEYS + offset + n % 30).withRate(RATE / 2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierMode.class)
    void unionShouldCountEveryRecordOnceAcrossAFailover(BarrierMode mode, @TempDir Path dir) {
        StreamEnvironment env = failingEnvironment(mode, dir);
        DataStream<Long> low = env.fromSource(halfOfTheKeys(0), WatermarkStrategy.noWatermarks(), "low").uid("low")
            .setParallelism(2);
        DataStream<Long> high = env.fromSource(halfOfTheKeys(30), WatermarkStrategy.noWatermarks(), "high").uid("high")
            .setParallelism(3);
        counted(low.union(high).keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(mode == BarrierMode.AT_LEAST_ONCE)).uid("checker").setParallelism(3));

        assertRecoveredExactly(env, mode, "union-failover-" + mode);
    }

    /** Sends keys 30-59 to a side output. */
    static final class Split extends ProcessFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (value % SequenceJob.KEYS < 30) {
                out.collect(value);
            } else {
                ctx.output(HIGH_KEYS, value);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierMode.class)
    void sideOutputShouldCountEveryRecordOnceAcrossAFailover(BarrierMode mode, @TempDir Path dir) {
        StreamEnvironment env = failingEnvironment(mode, dir);
        SingleOutputStreamOperator<Long> split = env.fromSource(
                GeneratorSource.bounded(EVENTS, n -> n).withRate(RATE), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers").setParallelism(2)
            .process(new Split()).uid("split");
        boolean duplicatesAllowed = mode == BarrierMode.AT_LEAST_ONCE;
        DataStream<Long> low = split.keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(duplicatesAllowed)).uid("checker-low").setParallelism(3);
        DataStream<Long> high = split.getSideOutput(HIGH_KEYS).keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(duplicatesAllowed)).uid("checker-high").setParallelism(3);
        counted(low.union(high));

        assertRecoveredExactly(env, mode, "side-output-failover-" + mode);
    }

    private static StreamEnvironment failingEnvironment(BarrierMode mode, Path dir) {
        SequenceJob.failurePoint = FailurePoint.PROCESS;
        SequenceJob.failAt = EVENTS / 2;
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // records in flight at the barriers
        return SequenceJob.environment(mode, 10, dir).setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
    }

    /** Notes the attempt numbers its subtasks ran in. */
    static final class AttemptRecorder extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            ATTEMPTS.add(getRuntimeContext().getAttemptNumber());
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    private static void counted(DataStream<Long> checked) {
        checked.map(new SequenceJob.Counter()).uid("counter").setParallelism(3)
            .map(new AttemptRecorder()).uid("attempts").setParallelism(3)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(3);
    }

    private static void assertRecoveredExactly(StreamEnvironment env, BarrierMode mode, String name) {
        JobClient job = env.executeAsync(name);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(1, job.restarts(), "restarts");
        assertTrue(SequenceJob.FAILED.get(), "the failure was injected");
        assertTrue(SequenceJob.RESTORED_CHECKERS.get() > 0, "checker subtasks restored state");
        long restored = job.lastRestoredCheckpointId().orElseThrow();
        assertTrue(job.lastRestoredCheckpointPath().orElseThrow().toString().endsWith("chk-" + restored),
            job.lastRestoredCheckpointPath().toString());
        assertEquals(Set.of(0, 1), ATTEMPTS, "attempt numbers of the first run and the restarted one");
        if (mode == BarrierMode.AT_LEAST_ONCE) {
            // the counter reads two inputs and snapshots without holding the early one: it may count replays
            SequenceJob.assertEveryKeyComplete(EVENTS);
            long counted = SequenceJob.COUNTED.values().stream().mapToLong(Long::longValue).sum();
            assertTrue(counted >= EVENTS, "at least once: " + counted + " counted");
        } else {
            assertEquals(0, SequenceJob.DUPLICATES.get(), "exactly once: no record seen twice");
            SequenceJob.assertExactResults(EVENTS);
        }
    }
}
