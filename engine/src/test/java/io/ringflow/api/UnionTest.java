package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code union} end to end against plain Java: inputs of different parallelisms read by one
 * operator (pointwise where the parallelism matches, rebalanced where it does not), a keyed
 * count after it, and the watermark held back by the slowest input.
 */
class UnionTest {
    private static final long KEYS = 13;
    static final AtomicLong LATE = new AtomicLong();
    static final AtomicLong MAX_WATERMARK = new AtomicLong(Long.MIN_VALUE);

    /** How many records of a key were seen so far. */
    record KeyCount(long key, long count) {
    }

    /** Counts records per key in keyed state and emits the running count. */
    static final class Count extends KeyedProcessFunction<Long, Long, KeyCount> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG, 0L));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyCount> out) {
            long next = count.value() + 1;
            count.update(next);
            out.collect(new KeyCount(ctx.getCurrentKey(), next));
        }
    }

    @BeforeEach
    void reset() {
        LATE.set(0);
        MAX_WATERMARK.set(Long.MIN_VALUE);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldCountEveryRecordOfEveryInputOnce(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        DataStream<Long> same = env.fromSource(GeneratorSource.bounded(2_000, n -> n * 3), WatermarkStrategy.noWatermarks(),
            "same"); // the environment's parallelism: read pointwise
        DataStream<Long> three = env.fromSource(GeneratorSource.bounded(1_500, n -> n * 7 + 1),
            WatermarkStrategy.noWatermarks(), "three").setParallelism(3);
        DataStream<Long> one = env.fromElements(5L, 5L, 11L);
        CollectSink<Long> merged = new CollectSink<>();
        CollectSink<KeyCount> counts = new CollectSink<>();
        DataStream<Long> union = same.union(three, one);
        union.map(n -> n).name("merge").sinkTo(merged);
        union.keyBy(n -> n % KEYS).process(new Count()).sinkTo(counts);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "union-p" + parallelism).status());

        List<Long> input = Stream.of(LongStream.range(0, 2_000).map(n -> n * 3).boxed(),
            LongStream.range(0, 1_500).map(n -> n * 7 + 1).boxed(), Stream.of(5L, 5L, 11L)).flatMap(s -> s).toList();
        assertEquals(sorted(input), sorted(merged.getResults()));
        Map<Long, Long> expected = input.stream().collect(Collectors.groupingBy(n -> n % KEYS, TreeMap::new, Collectors.counting()));
        Map<Long, List<Long>> emitted = new TreeMap<>();
        counts.getResults().forEach(c -> emitted.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c.count()));
        assertEquals(expected.keySet(), emitted.keySet());
        expected.forEach((key, n) -> assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), emitted.get(key),
            "running counts of key " + key));
    }

    /** Notes records behind the watermark and the highest watermark seen with a record. */
    static final class LateCounter extends ProcessFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (ctx.timestamp() <= ctx.currentWatermark()) {
                LATE.incrementAndGet();
            }
            MAX_WATERMARK.accumulateAndGet(ctx.currentWatermark(), Math::max);
            out.collect(value);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldHoldTheWatermarkAtTheSlowestInput(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setAutoWatermarkInterval(java.time.Duration.ZERO);
        WatermarkStrategy<Long> byValue = WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((n, ts) -> n);
        DataStream<Long> fast = env.fromSource(GeneratorSource.bounded(3_000, n -> n), byValue, "fast");
        DataStream<Long> slow = env.fromSource(GeneratorSource.bounded(300, n -> n).withRate(3_000), byValue, "slow")
            .setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        fast.union(slow).process(new LateCounter()).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "union-watermark-p" + parallelism).status());

        assertEquals(3_300, sink.getResults().size());
        // had the fast input's watermark passed, the slow input's records would be behind it
        assertEquals(0, LATE.get(), "records behind the union's watermark");
        assertTrue(MAX_WATERMARK.get() >= 200, "the watermark advanced with the slow input: " + MAX_WATERMARK.get());
    }

    @Test
    void shouldRejectAUnionOfAStreamWithItself() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Long> numbers = env.fromElements(1L, 2L);
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> numbers.union(numbers));
        assertTrue(e.getMessage().contains("unioned with itself"), e.getMessage());
        DataStream<Long> union = numbers.union(env.fromElements(3L));
        assertThrows(InvalidJobException.class, () -> union.setParallelism(2));
        assertThrows(InvalidJobException.class, () -> union.uid("u"));
        union.sinkTo(DiscardingSink.create());
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
