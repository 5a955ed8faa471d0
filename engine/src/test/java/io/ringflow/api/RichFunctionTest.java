package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link RichFunction} in any operator gets its runtime context and is opened before its
 * first record and closed after its last, once per parallel subtask.
 */
class RichFunctionTest {
    private static final int PARALLELISM = 2;
    /** "operator:open:subtask" and "operator:close:subtask" events, counted. */
    private static final Map<String, Integer> LIFECYCLE = new ConcurrentHashMap<>();

    @BeforeEach
    void reset() {
        LIFECYCLE.clear();
    }

    /** Records open and close with the subtask index its runtime context reports. */
    abstract static class Tracked extends RichFunction {
        private static final long serialVersionUID = 1L;
        private final String operator;
        private transient boolean open;

        Tracked(String operator) {
            this.operator = operator;
        }

        @Override
        public void open() {
            open = true;
            LIFECYCLE.merge(operator + ":open:" + getRuntimeContext().getIndexOfThisSubtask() + "/"
                + getRuntimeContext().getNumberOfParallelSubtasks(), 1, Integer::sum);
        }

        @Override
        public void close() {
            LIFECYCLE.merge(operator + ":close:" + getRuntimeContext().getIndexOfThisSubtask(), 1, Integer::sum);
        }

        void checkOpen() {
            if (!open) {
                throw new IllegalStateException(operator + " used before open()");
            }
        }
    }

    static final class RichMap extends Tracked implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        RichMap() {
            super("map");
        }

        @Override
        public Long map(Long value) {
            checkOpen();
            return value;
        }
    }

    static final class RichFilter extends Tracked implements FilterFunction<Long> {
        private static final long serialVersionUID = 1L;

        RichFilter() {
            super("filter");
        }

        @Override
        public boolean filter(Long value) {
            checkOpen();
            return true;
        }
    }

    static final class RichFlatMap extends Tracked implements FlatMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        RichFlatMap() {
            super("flatMap");
        }

        @Override
        public void flatMap(Long value, Collector<Long> out) {
            checkOpen();
            out.collect(value);
        }
    }

    static final class RichReduce extends Tracked implements ReduceFunction<Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> calls;

        RichReduce() {
            super("reduce");
        }

        @Override
        public void open() {
            super.open();
            calls = getRuntimeContext().getState(new ValueStateDescriptor<>("calls", Codecs.LONG, 0L));
        }

        @Override
        public Long reduce(Long accumulated, Long value) {
            checkOpen();
            calls.update(calls.value() + 1);
            return accumulated + value;
        }
    }

    static final class RichCount extends Tracked implements AggregateFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        RichCount() {
            super("aggregate");
        }

        @Override
        public Long createAccumulator() {
            checkOpen();
            return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    static final class RichWindowFunction extends Tracked implements WindowFunction<Long, String, Long> {
        private static final long serialVersionUID = 1L;

        RichWindowFunction() {
            super("window");
        }

        @Override
        public void apply(Long key, TimeWindow window, Iterable<Long> input, Collector<String> out) {
            checkOpen();
            out.collect(key + "@" + window.start() + "=" + input.iterator().next());
        }
    }

    static final class Process extends ProcessFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            LIFECYCLE.merge("process:open:" + getRuntimeContext().getIndexOfThisSubtask() + "/"
                + getRuntimeContext().getNumberOfParallelSubtasks(), 1, Integer::sum);
        }

        @Override
        public void close() {
            LIFECYCLE.merge("process:close:" + getRuntimeContext().getIndexOfThisSubtask(), 1, Integer::sum);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    static final class KeyedProcess extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            LIFECYCLE.merge("keyedProcess:open:" + getRuntimeContext().getIndexOfThisSubtask() + "/"
                + getRuntimeContext().getNumberOfParallelSubtasks(), 1, Integer::sum);
        }

        @Override
        public void close() {
            LIFECYCLE.merge("keyedProcess:close:" + getRuntimeContext().getIndexOfThisSubtask(), 1, Integer::sum);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    @Test
    void shouldOpenAndCloseEveryRichFunctionOncePerSubtask() {
        long count = 200;
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM).setRingSize(16)
            .setAutoWatermarkInterval(Duration.ZERO);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(count, n -> n),
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((n, ts) -> n), "numbers")
            .map(new RichMap()).filter(new RichFilter()).flatMap(new RichFlatMap()).returns(Codecs.LONG)
            .process(new Process());
        CollectSink<Long> sums = new CollectSink<>();
        numbers.keyBy(n -> n % 3).process(new KeyedProcess()).keyBy(n -> n % 3).reduce(new RichReduce()).sinkTo(sums);
        CollectSink<String> windows = new CollectSink<>();
        numbers.keyBy(n -> n % 3).window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new RichCount(), new RichWindowFunction()).sinkTo(windows);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "rich-functions").status());

        Map<String, Integer> expected = new TreeMap<>();
        for (String operator : List.of("map", "filter", "flatMap", "process", "keyedProcess", "reduce", "aggregate",
            "window")) {
            for (int subtask = 0; subtask < PARALLELISM; subtask++) {
                expected.put(operator + ":open:" + subtask + "/" + PARALLELISM, 1);
                expected.put(operator + ":close:" + subtask, 1);
            }
        }
        assertEquals(expected, new TreeMap<>(LIFECYCLE));
        assertEquals(count, sums.getResults().size());
        Set<String> expectedWindows = LongStream.range(0, count).boxed()
            .collect(Collectors.groupingBy(n -> (n % 3) + "@" + (n / 100 * 100), Collectors.counting()))
            .entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.toSet());
        assertEquals(expectedWindows, Set.copyOf(windows.getResults()));
    }

    /** Flink's abstract rich classes, written as Flink users do: anonymous, with the output type read from them. */
    @Test
    void shouldRunFlinksAnonymousRichFunctionsWithTheirTypesRead() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM).setRingSize(16);
        CollectSink<Integer> lengths = buildAnonymousRichFunctions(env);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "flink-rich-functions").status());

        List<Integer> expected = new java.util.ArrayList<>();
        for (long n = 0; n < 100; n++) {
            expected.add((n + "/true/" + PARALLELISM).length() + 1_000 * PARALLELISM);
            expected.add(-1);
        }
        expected.sort(null);
        List<Integer> actual = new java.util.ArrayList<>(lengths.getResults());
        actual.sort(null);
        assertEquals(expected, actual);
    }

    /** Static, as in a Flink job's main: an anonymous class of an instance method would capture the test. */
    private static CollectSink<Integer> buildAnonymousRichFunctions(StreamEnvironment env) {
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(100, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers");
        DataStream<String> labelled = numbers
            .map(new io.ringflow.api.functions.RichMapFunction<Long, String>() {
                private transient int subtask;

                @Override
                public void open(io.ringflow.api.functions.OpenContext openContext) { // Flink 2's form
                    subtask = getRuntimeContext().getIndexOfThisSubtask();
                }

                @Override
                public String map(Long n) {
                    return n + "/" + (n % PARALLELISM == subtask);
                }
            })
            .flatMap(new io.ringflow.api.functions.RichFlatMapFunction<String, String>() {
                @Override
                public void flatMap(String value, Collector<String> out) {
                    out.collect(value + "/" + getRuntimeContext().getNumberOfParallelSubtasks());
                }
            })
            .filter(new io.ringflow.api.functions.RichFilterFunction<String>() {
                @Override
                public boolean filter(String value) {
                    return getRuntimeContext().getNumberOfParallelSubtasks() == PARALLELISM;
                }
            });
        CollectSink<Integer> lengths = new CollectSink<>();
        labelled.connect(numbers)
            .map(new io.ringflow.api.functions.RichCoMapFunction<String, Long, Integer>() {
                @Override
                public Integer map1(String value) {
                    return value.length() + 1_000 * getRuntimeContext().getNumberOfParallelSubtasks();
                }

                @Override
                public Integer map2(Long value) {
                    return -1;
                }
            })
            .sinkTo(lengths);
        return lengths;
    }
}
