package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Side outputs end to end against plain Java: a process function splitting a stream three ways
 * (two tags of different types, one tag read twice), a keyed process function emitting to a
 * side output from processElement and from event-time timers, side streams that chain, cross
 * rings at another parallelism and are keyed further.
 */
class SideOutputTest {
    private static final long COUNT = 3_000;
    static final OutputTag<String> ODD = new OutputTag<String>("odd") {
    };
    static final OutputTag<Long> BIG = new OutputTag<>("big", Codecs.LONG);
    static final OutputTag<String> UNREAD = new OutputTag<>("unread", String.class);
    static final OutputTag<KeyTotal> TOTALS = new OutputTag<KeyTotal>("totals") {
    };

    /** A key's number of records, emitted when the final watermark fires its timer. */
    record KeyTotal(long key, long count) {
    }

    /** Evens to the main output, odds as text to a side output, the largest numbers to another as well. */
    static final class Split extends ProcessFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (value % 2 == 0) {
                out.collect(value);
            } else {
                ctx.output(ODD, "odd-" + value);
            }
            if (value >= COUNT - 100) {
                ctx.output(BIG, value);
            }
            ctx.output(UNREAD, "dropped: no stream reads this tag");
        }
    }

    /** Passes records on; emits each key's first record to a side output and its total from a timer. */
    static final class Totals extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG, 0L));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            long next = count.value() + 1;
            count.update(next);
            if (next == 1) {
                ctx.output(TOTALS, new KeyTotal(ctx.getCurrentKey(), 0));
                ctx.timerService().registerEventTimeTimer(COUNT * 10);
            }
            out.collect(value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            ctx.output(TOTALS, new KeyTotal(ctx.getCurrentKey(), count.value()));
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldRouteEveryValueToItsTag(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        SingleOutputStreamOperator<Long> split = env.fromSource(GeneratorSource.bounded(COUNT, n -> n),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((n, ts) -> n), "numbers")
            .process(new Split());
        CollectSink<Long> evens = new CollectSink<>();
        CollectSink<String> odds = new CollectSink<>();
        CollectSink<KeyTotal> bigSums = new CollectSink<>();
        CollectSink<Long> bigAgain = new CollectSink<>();
        CollectSink<Long> passed = new CollectSink<>();
        CollectSink<KeyTotal> totals = new CollectSink<>();
        SingleOutputStreamOperator<Long> keyed = split.keyBy(n -> n % 7).process(new Totals());
        keyed.sinkTo(passed);
        keyed.getSideOutput(TOTALS).sinkTo(totals).setParallelism(1); // crosses a ring at p > 1
        split.sinkTo(evens);
        split.getSideOutput(ODD).sinkTo(odds).setParallelism(1);
        split.getSideOutput(BIG).map(n -> new KeyTotal(n % 3, n)).keyBy(KeyTotal::key)
            .reduce((a, b) -> new KeyTotal(a.key(), a.count() + b.count())).sinkTo(bigSums);
        split.getSideOutput(BIG).sinkTo(bigAgain);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "side-outputs-p" + parallelism).status());

        List<Long> all = LongStream.range(0, COUNT).boxed().toList();
        assertEquals(all.stream().filter(n -> n % 2 == 0).toList(), sorted(evens.getResults()));
        assertEquals(all.stream().filter(n -> n % 2 == 1).map(n -> "odd-" + n).sorted().toList(), sorted(odds.getResults()));
        List<Long> big = all.stream().filter(n -> n >= COUNT - 100).toList();
        assertEquals(big, sorted(bigAgain.getResults()));
        Map<Long, Long> bigTotals = big.stream().collect(Collectors.groupingBy(n -> n % 3, TreeMap::new, Collectors.summingLong(n -> n)));
        Map<Long, Long> finalSums = new TreeMap<>();
        bigSums.getResults().forEach(sum -> finalSums.merge(sum.key(), sum.count(), Math::max)); // a key's sums grow
        assertEquals(bigTotals, finalSums);
        assertEquals(big.size(), bigSums.getResults().size(), "a rolling sum per record");

        assertEquals(all.stream().filter(n -> n % 2 == 0).toList(), sorted(passed.getResults()));
        Map<Long, Long> perKey = all.stream().filter(n -> n % 2 == 0)
            .collect(Collectors.groupingBy(n -> n % 7, TreeMap::new, Collectors.counting()));
        List<KeyTotal> expected = new ArrayList<>();
        perKey.forEach((key, n) -> {
            expected.add(new KeyTotal(key, 0));
            expected.add(new KeyTotal(key, n)); // from the timer the final watermark fires
        });
        List<KeyTotal> received = new ArrayList<>(totals.getResults());
        received.sort((a, b) -> a.key() != b.key() ? Long.compare(a.key(), b.key()) : Long.compare(a.count(), b.count()));
        assertEquals(expected, received);
    }

    @Test
    void shouldRefuseATagWhoseTypeCannotBeRead() {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> new OutputTag<Long>("plain"));
        assertTrue(e.getMessage().contains("anonymous subclass"), e.getMessage());
    }

    @Test
    void shouldRefuseOneTagIdReadAsTwoTypes() {
        StreamEnvironment env = StreamEnvironment.create();
        SingleOutputStreamOperator<Long> split = env.fromElements(1L).process(new Split());
        split.getSideOutput(ODD);
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> split.getSideOutput(new OutputTag<>("odd", Codecs.LONG)));
        assertTrue(e.getMessage().contains("its own tag id"), e.getMessage());
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
