package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.KeyedStream;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code map}, {@code flatMap}, {@code filter} and {@code process(ProcessFunction)} right after
 * {@code keyBy} use keyed state, as in Flink (the flatMap is Flink's own {@code CountWindowAverage}
 * example). Their output goes to exactly-once logs and is compared record for record with what
 * the input determines, across an injected failure and across a restore at another parallelism:
 * state lost, repeated or given to the wrong subtask shows as a missing, extra or wrong record.
 */
class KeyedFunctionsTest {
    static final long EVENTS = 40_000;
    static final int KEYS = 64; // a multiple of the source parallelism: each key's numbers come in order
    static final long PER_KEY = EVENTS / KEYS;
    static final AtomicLong PROCESSED = new AtomicLong();
    static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static volatile long failAt = Long.MAX_VALUE;

    @TempDir
    Path dir;

    /** Key and a count or sum. */
    record Counted(long key, long value) {
    }

    /** Key, the index of its window of five numbers, and their average. */
    record Average(long key, long window, long average) {
    }

    @BeforeEach
    void reset() {
        PROCESSED.set(0);
        COMPLETED_CHECKPOINTS.set(0);
        FAILED.set(false);
        failAt = Long.MAX_VALUE;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldRestoreTheKeyedStateOfEachFunctionAcrossAFailure(BarrierMode mode) {
        failAt = EVENTS / 2;
        StreamEnvironment env = environment(2, mode).setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        JobClient job = env.executeAsync("keyed-functions");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(FAILED.get(), "the failure was injected");
        assertEquals(1, job.restarts());
        assertExactOutput();
    }

    @Test
    void shouldRedistributeTheKeyedStateOfEachFunctionAtAnotherParallelism() throws Exception {
        JobClient first = environment(2, BarrierMode.UNALIGNED).executeAsync("keyed-functions");
        try {
            Eventually.await("three completed checkpoints", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 3
                || first.status() != JobStatus.RUNNING, first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        assertTrue(!ChronicleLogReader.readCommitted(dir.resolve("map"), Codecs.forClass(Counted.class)).isEmpty(),
            "the first run committed output before the cancel");

        JobClient second = environment(3, BarrierMode.UNALIGNED).setRestore("latest").executeAsync("keyed-functions");
        try {
            assertEquals(JobStatus.FINISHED, second.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(second);
        }
        assertTrue(second.lastRestoredCheckpointId().isPresent(), "the second run restored");
        assertExactOutput();
    }

    private StreamEnvironment environment(int parallelism, BarrierMode mode) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(64).enableCheckpointing(10);
        CheckpointConfig config = env.getCheckpointConfig();
        if (mode == BarrierMode.UNALIGNED) {
            config.enableUnalignedCheckpoints();
        }
        config.setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        config.storage().checkpointsDir(dir.resolve("checkpoints"));
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(EVENTS, n -> n).withRate(100_000),
            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").setParallelism(2);
        KeyedStream<Long, Long> byKey = numbers.keyBy(n -> n % KEYS);
        byKey.map(new CountPerKey()).uid("map")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("map"), Codecs.forClass(Counted.class))).uid("map-log");
        byKey.flatMap(new CountWindowAverage()).uid("flatMap")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("flatMap"), Codecs.forClass(Average.class))).uid("flatMap-log");
        byKey.filter(new FirstPerKey()).uid("filter")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("filter"), Codecs.LONG)).uid("filter-log");
        byKey.process(new SumPerKey()).uid("process")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("process"), Codecs.forClass(Counted.class))).uid("process-log");
        return env;
    }

    /** Key {@code k}'s numbers are {@code k, k + KEYS, k + 2 KEYS, ...}: what each function must have emitted, once. */
    private void assertExactOutput() {
        List<Counted> counts = new ArrayList<>();
        List<Average> averages = new ArrayList<>();
        List<Counted> sums = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            long sum = 0;
            for (long i = 0; i < PER_KEY; i++) {
                long number = key + i * KEYS;
                counts.add(new Counted(key, i + 1));
                sum += number;
                sums.add(new Counted(key, sum));
                if (i % 5 == 4) {
                    averages.add(new Average(key, i / 5, number - 2 * KEYS));
                }
            }
        }
        Comparator<Counted> byKeyAndValue = Comparator.comparingLong(Counted::key).thenComparingLong(Counted::value);
        assertSameRecords(counts, sorted(ChronicleLogReader.readCommitted(dir.resolve("map"), Codecs.forClass(Counted.class)),
            byKeyAndValue), "map: each key's counts 1.." + PER_KEY + ", once each");
        assertSameRecords(averages, sorted(ChronicleLogReader.readCommitted(dir.resolve("flatMap"), Codecs.forClass(Average.class)),
            Comparator.comparingLong(Average::key).thenComparingLong(Average::window)), "flatMap: every average of five, once");
        assertSameRecords(LongStream.range(0, KEYS).boxed().toList(),
            sorted(ChronicleLogReader.readCommitted(dir.resolve("filter"), Codecs.LONG), Comparator.naturalOrder()),
            "filter: each key's first number only");
        assertSameRecords(sums, sorted(ChronicleLogReader.readCommitted(dir.resolve("process"), Codecs.forClass(Counted.class)),
            byKeyAndValue), "process: each key's running sums, once each");
    }

    /** Equal lists, or a short message: the sizes and the first record that differs. */
    private static <T> void assertSameRecords(List<T> expected, List<T> actual, String what) {
        int common = Math.min(expected.size(), actual.size());
        int first = 0;
        while (first < common && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        if (first < common || expected.size() != actual.size()) {
            fail(what + ": expected " + expected.size() + " records, committed " + actual.size() + "; first difference at "
                + first + ": expected " + (first < expected.size() ? expected.get(first) : "nothing")
                + ", committed " + (first < actual.size() ? actual.get(first) : "nothing"));
        }
    }

    private static <T> List<T> sorted(List<T> records, Comparator<? super T> order) {
        List<T> copy = new ArrayList<>(records);
        copy.sort(order);
        return copy;
    }

    /** Counts per key, and throws once at {@link #failAt} after two checkpoints completed. */
    static final class CountPerKey extends RichFunction implements MapFunction<Long, Counted>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG, 0L));
        }

        @Override
        public Counted map(Long value) {
            long seen = count.value() + 1;
            count.update(seen);
            if (PROCESSED.incrementAndGet() >= failAt && COMPLETED_CHECKPOINTS.get() >= 2 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return new Counted(value % KEYS, seen);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

    /** Flink's {@code CountWindowAverage}: the average of every five numbers of a key, then starts over. */
    static final class CountWindowAverage extends RichFunction implements FlatMapFunction<Long, Average> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> countAndSum;

        @Override
        public void open() {
            countAndSum = getRuntimeContext().getState(new ValueStateDescriptor<>("average", Codecs.LONG_ARRAY));
        }

        @Override
        public void flatMap(Long value, Collector<Average> out) {
            long[] current = countAndSum.value();
            if (current == null) {
                current = new long[3]; // count, sum, windows done
            }
            current[0]++;
            current[1] += value;
            if (current[0] == 5) {
                out.collect(new Average(value % KEYS, current[2], current[1] / 5));
                current = new long[] {0, 0, current[2] + 1};
            }
            countAndSum.update(current);
        }
    }

    /** Passes each key's first number only. */
    static final class FirstPerKey extends RichFunction implements FilterFunction<Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Boolean> seen;

        @Override
        public void open() {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Codecs.BOOLEAN));
        }

        @Override
        public boolean filter(Long value) {
            if (seen.value() != null) {
                return false;
            }
            seen.update(true);
            return true;
        }
    }

    /** Emits each key's running sum. */
    static final class SumPerKey extends ProcessFunction<Long, Counted> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> sum;

        @Override
        public void open() {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Codecs.LONG, 0L));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Counted> out) {
            long next = sum.value() + value;
            sum.update(next);
            out.collect(new Counted(value % KEYS, next));
        }
    }
}
