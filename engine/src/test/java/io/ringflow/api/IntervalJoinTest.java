package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code intervalJoin} end to end against a plain-Java nested loop, on input out of order within
 * its watermarks' bound, with inclusive and exclusive bounds, at parallelism 1 and 4; and a failover
 * after which each key's count of joined pairs, kept in keyed state downstream, is exact.
 */
class IntervalJoinTest {
    private static final int EVENTS = 3_000; // per side
    private static final int KEYS = 20;
    private static final long LOWER_MS = -20;
    private static final long UPPER_MS = 30;
    static final Map<Long, Long> PAIRS_AT_END = new ConcurrentHashMap<>();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong COMPLETED = new AtomicLong();

    record Side(long key, long n, long time) {
    }

    record Joined(long key, long left, long right) {
    }

    static Side left(long n) {
        return new Side(n % KEYS, n, n * 3 + n * 7_919 % 50);
    }

    static Side right(long n) {
        return new Side(n % KEYS, n, n * 3 + n * 104_729 % 50);
    }

    @BeforeEach
    void reset() {
        PAIRS_AT_END.clear();
        FAILED.set(false);
        COMPLETED.set(0);
    }

    static final class Pair extends ProcessJoinFunction<Side, Side, Joined> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Side left, Side right, Context ctx, Collector<Joined> out) {
            if (ctx.getLeftTimestamp() != left.time() || ctx.getRightTimestamp() != right.time()
                || ctx.getTimestamp() != Math.max(left.time(), right.time())) {
                throw new AssertionError("timestamps of " + left + " and " + right);
            }
            out.collect(new Joined(left.key(), left.n(), right.n()));
        }
    }

    /** {@code perSecond}: the rate of each side, 0 unlimited. */
    private static SingleOutputStreamOperator<Joined> join(StreamEnvironment env, boolean exclusive, double perSecond) {
        WatermarkStrategy<Side> watermarks = WatermarkStrategy.<Side>forBoundedOutOfOrderness(Duration.ofMillis(100))
            .withTimestampAssigner((s, ts) -> s.time());
        DataStream<Side> lefts = env.fromSource(GeneratorSource.bounded(EVENTS, IntervalJoinTest::left).withRate(perSecond), watermarks, "left")
            .uid("left");
        DataStream<Side> rights = env.fromSource(GeneratorSource.bounded(EVENTS, IntervalJoinTest::right).withRate(perSecond), watermarks,
            "right").uid("right");
        KeyedStream.IntervalJoined<Side, Side, Long> joined = lefts.keyBy(Side::key).intervalJoin(rights.keyBy(Side::key))
            .between(Duration.ofMillis(LOWER_MS), Duration.ofMillis(UPPER_MS));
        if (exclusive) {
            joined.lowerBoundExclusive().upperBoundExclusive();
        }
        return joined.process(new Pair()).uid("join");
    }

    /** The nested loop: every left and right record of one key with the right's time in the left's interval. */
    private static List<Joined> expected(boolean exclusive) {
        long lower = exclusive ? LOWER_MS + 1 : LOWER_MS;
        long upper = exclusive ? UPPER_MS - 1 : UPPER_MS;
        List<Joined> pairs = new ArrayList<>();
        for (long l = 0; l < EVENTS; l++) {
            for (long r = 0; r < EVENTS; r++) {
                Side left = left(l);
                Side right = right(r);
                if (left.key() == right.key() && right.time() >= left.time() + lower && right.time() <= left.time() + upper) {
                    pairs.add(new Joined(left.key(), l, r));
                }
            }
        }
        return pairs;
    }

    @ParameterizedTest(name = "parallelism {0}, exclusive bounds {1}")
    @CsvSource({"1, false", "1, true", "4, false", "4, true"})
    void shouldJoinAsANestedLoopDoes(int parallelism, boolean exclusive) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(32)
            .setAutoWatermarkInterval(Duration.ZERO); // a watermark after every record: buffers are cleaned all along
        CollectSink<Joined> sink = new CollectSink<>();
        join(env, exclusive, 0).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "interval-join-p" + parallelism).status());

        Comparator<Joined> order = Comparator.comparingLong(Joined::left).thenComparingLong(Joined::right);
        List<Joined> expected = expected(exclusive);
        expected.sort(order);
        List<Joined> actual = new ArrayList<>(sink.getResults());
        actual.sort(order);
        assertTrue(expected.size() > EVENTS / 2, "pairs: " + expected.size());
        assertEquals(expected, actual);
    }

    /** Counts each key's pairs in keyed state and publishes the count when the input ended; fails once mid-way. */
    static final class CountPairs extends KeyedProcessFunction<Long, Joined, Long> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("pairs", Codecs.LONG));
        }

        @Override
        public void processElement(Joined pair, Context ctx, Collector<Long> out) throws Exception {
            long pairs = count.value() == null ? 1 : count.value() + 1;
            count.update(pairs);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
            if (pair.left() > EVENTS / 2 && COMPLETED.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at " + pair);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) throws Exception {
            PAIRS_AT_END.put(ctx.getCurrentKey(), count.value());
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.incrementAndGet();
        }
    }

    @Test
    void shouldCountEveryPairOnceAcrossAFailover(@TempDir Path dir) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        join(env, false, 6_000).keyBy(Joined::key).process(new CountPairs()).uid("count").sinkTo(new CollectSink<>());
        JobClient job = env.executeAsync("interval-join-failover");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status(), () -> String.valueOf(job.failureCause()));
        } finally {
            Jobs.stop(job);
        }

        assertTrue(FAILED.get(), "the failure was injected");
        assertEquals(1, job.restarts());
        Map<Long, Long> expected = new TreeMap<>();
        expected(false).forEach(pair -> expected.merge(pair.key(), 1L, Long::sum));
        assertEquals(expected, new TreeMap<>(PAIRS_AT_END));
    }

    @Test
    void shouldRefuseBoundsThatHoldNoTime() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Long, Long> numbers = env.fromElements(1L).keyBy(n -> n);
        InvalidJobException reversed = assertThrows(InvalidJobException.class,
            () -> numbers.intervalJoin(numbers).between(Duration.ofMillis(5), Duration.ofMillis(1)));
        assertTrue(reversed.getMessage().contains("pass the smaller bound first"), reversed.getMessage());
        InvalidJobException empty = assertThrows(InvalidJobException.class, () -> numbers.intervalJoin(numbers)
            .between(Duration.ZERO, Duration.ZERO).lowerBoundExclusive().process(new ProcessJoinFunction<Long, Long, Long>() {
                @Override
                public void processElement(Long left, Long right, Context ctx, Collector<Long> out) {
                }
            }));
        assertTrue(empty.getMessage().contains("holds no time"), empty.getMessage());
        KeyedStream<Long, String> byString = env.fromElements(2L).keyBy(String::valueOf);
        InvalidJobException keys = assertThrows(InvalidJobException.class,
            () -> numbers.intervalJoin((KeyedStream) byString));
        assertTrue(keys.getMessage().contains("keys of two types"), keys.getMessage());
    }
}
