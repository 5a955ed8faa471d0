package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.CoFlatMapFunction;
import io.ringflow.api.functions.CoMapFunction;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.ManualClock;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code connect} end to end against plain Java: co-map, co-flat-map and co-process over two
 * inputs of different types and parallelisms (one a union), their side outputs, watermarks and
 * rich-function life cycle, and keyed state and processing-time timers shared by both inputs
 * after {@code keyBy}.
 */
class ConnectedStreamsTest {
    private static final int NUMBERS = 3_000;
    private static final int WORDS = 1_000;
    private static final long KEYS = 13;
    static final Set<String> OPENED = ConcurrentHashMap.newKeySet();
    static final AtomicLong LATE = new AtomicLong();
    static final AtomicLong MAX_WATERMARK = new AtomicLong(Long.MIN_VALUE);
    static final OutputTag<String> ODD_WORDS = new OutputTag<String>("odd-words") {
    };

    @BeforeEach
    void reset() {
        OPENED.clear();
        LATE.set(0);
        MAX_WATERMARK.set(Long.MIN_VALUE);
    }

    private static DataStream<Long> numbers(StreamEnvironment env) {
        return env.fromSource(GeneratorSource.bounded(NUMBERS, n -> n), WatermarkStrategy.noWatermarks(), "numbers");
    }

    /** Words "w0".."w999" from three subtasks, unioned with two more: one input made of two streams. */
    private static DataStream<String> words(StreamEnvironment env) {
        DataStream<String> generated = env.fromSource(GeneratorSource.bounded(WORDS, n -> "w" + n),
            WatermarkStrategy.noWatermarks(), "words").setParallelism(3);
        return generated.union(env.fromElements("extra", "more"));
    }

    private static List<String> expectedWords() {
        return Stream.concat(IntStream.range(0, WORDS).mapToObj(n -> "w" + n), Stream.of("extra", "more")).toList();
    }

    /** Tags each record with its input. */
    static final class TagInput implements CoMapFunction<Long, String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map1(Long value) {
            return "1:" + value;
        }

        @Override
        public String map2(String value) {
            return "2:" + value;
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void coMapShouldMapEveryRecordOfBothInputsOnce(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        CollectSink<String> sink = new CollectSink<>();
        numbers(env).connect(words(env)).map(new TagInput()).uid("co-map").sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "co-map-p" + parallelism).status());

        List<String> expected = Stream.concat(LongStream.range(0, NUMBERS).mapToObj(n -> "1:" + n),
            expectedWords().stream().map(w -> "2:" + w)).toList();
        assertEquals(sorted(expected), sorted(sink.getResults()));
    }

    /** Input 1: {@code n % 3} copies of {@code n}; input 2: each character of a word, and notes its subtasks opening. */
    static final class Explode extends RichFunction implements CoFlatMapFunction<Long, String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            OPENED.add(getRuntimeContext().getIndexOfThisSubtask() + "/" + getRuntimeContext().getNumberOfParallelSubtasks());
        }

        @Override
        public void flatMap1(Long value, Collector<String> out) {
            for (int i = 0; i < value % 3; i++) {
                out.collect("n" + value);
            }
        }

        @Override
        public void flatMap2(String value, Collector<String> out) {
            value.chars().forEach(c -> out.collect("c" + (char) c));
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void coFlatMapShouldEmitWhatEachInputsFunctionEmits(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        CollectSink<String> sink = new CollectSink<>();
        numbers(env).connect(words(env)).flatMap(new Explode()).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "co-flat-map-p" + parallelism).status());

        List<String> expected = new ArrayList<>();
        LongStream.range(0, NUMBERS).forEach(n -> LongStream.range(0, n % 3).forEach(i -> expected.add("n" + n)));
        expectedWords().forEach(w -> w.chars().forEach(c -> expected.add("c" + (char) c)));
        assertEquals(sorted(expected), sorted(sink.getResults()));
        assertEquals(IntStream.range(0, parallelism).mapToObj(i -> i + "/" + parallelism).collect(Collectors.toSet()), OPENED,
            "every subtask of the rich function opened with its runtime context");
    }

    /** A record with the input it came from, its timestamp and the watermark when it was processed. */
    record Seen(int input, long value, long timestamp) {
    }

    /** Emits each record with its timestamp; sends odd words to a side output; counts records behind the watermark. */
    static final class Stamp extends CoProcessFunction<Long, String, Seen> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement1(Long value, Context ctx, Collector<Seen> out) {
            check(ctx);
            out.collect(new Seen(1, value, ctx.timestamp()));
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<Seen> out) {
            check(ctx);
            long n = Long.parseLong(value.substring(1));
            if (n % 2 == 0) {
                out.collect(new Seen(2, n, ctx.timestamp()));
            } else {
                ctx.output(ODD_WORDS, value);
            }
        }

        private static void check(Context ctx) {
            if (ctx.timestamp() <= ctx.currentWatermark()) {
                LATE.incrementAndGet();
            }
            MAX_WATERMARK.accumulateAndGet(ctx.currentWatermark(), Math::max);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void coProcessShouldSeeTimestampsTheLeastWatermarkOfBothInputsAndEmitSideOutputs(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setAutoWatermarkInterval(Duration.ZERO);
        DataStream<Long> fast = env.fromSource(GeneratorSource.bounded(NUMBERS, n -> n),
            WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((n, ts) -> n), "fast");
        // a slow second input, at 3,000 records/s: had the fast input's watermark passed it, its records would be late
        DataStream<String> slow = env.fromSource(GeneratorSource.bounded(300, n -> "w" + n).withRate(3_000),
            WatermarkStrategy.<String>forMonotonousTimestamps().withTimestampAssigner((w, ts) -> Long.parseLong(w.substring(1)) * 10),
            "slow").setParallelism(1);
        CollectSink<Seen> main = new CollectSink<>();
        CollectSink<String> odd = new CollectSink<>();
        SingleOutputStreamOperator<Seen> stamped = fast.connect(slow).process(new Stamp()).name("stamp").setParallelism(parallelism);
        stamped.sinkTo(main);
        stamped.getSideOutput(ODD_WORDS).sinkTo(odd);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "co-process-p" + parallelism).status());

        List<Seen> expected = new ArrayList<>();
        LongStream.range(0, NUMBERS).forEach(n -> expected.add(new Seen(1, n, n)));
        LongStream.range(0, 300).filter(n -> n % 2 == 0).forEach(n -> expected.add(new Seen(2, n, n * 10)));
        assertEquals(sortedBy(expected), sortedBy(main.getResults()));
        assertEquals(sorted(LongStream.range(0, 300).filter(n -> n % 2 == 1).mapToObj(n -> "w" + n).toList()),
            sorted(odd.getResults()));
        assertEquals(0, LATE.get(), "records behind the watermark of both inputs");
        assertTrue(MAX_WATERMARK.get() >= 1_000, "the watermark advanced with the slow input: " + MAX_WATERMARK.get());
    }

    /** How many records of a key each input brought so far. */
    record KeyCount(long key, int input, long count) {
    }

    /** Keyed state of both inputs under one key: each input keeps its own running count, read back after each record. */
    static final class CountPerInput extends RichFunction implements CoFlatMapFunction<Long, String, KeyCount> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> first;
        private transient ValueState<Long> second;

        @Override
        public void open() {
            first = getRuntimeContext().getState(new ValueStateDescriptor<>("first", Codecs.LONG, 0L));
            second = getRuntimeContext().getState(new ValueStateDescriptor<>("second", Codecs.LONG, 0L));
        }

        @Override
        public void flatMap1(Long value, Collector<KeyCount> out) {
            first.update(first.value() + 1);
            out.collect(new KeyCount(value % KEYS, 1, first.value()));
        }

        @Override
        public void flatMap2(String value, Collector<KeyCount> out) {
            second.update(second.value() + 1);
            out.collect(new KeyCount(wordKey(value), 2, second.value()));
        }
    }

    private static long wordKey(String word) {
        return word.startsWith("w") ? Long.parseLong(word.substring(1)) % KEYS : word.length();
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void keyedCoFlatMapShouldShareEachKeysStateBetweenBothInputs(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        CollectSink<KeyCount> sink = new CollectSink<>();
        numbers(env).connect(words(env)).keyBy(n -> n % KEYS, ConnectedStreamsTest::wordKey)
            .flatMap(new CountPerInput()).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "keyed-co-flat-map-p" + parallelism).status());

        assertRunningCounts(sink.getResults());
    }

    @Test
    void twoKeyedStreamsConnectedShouldShareKeyedState() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).setRingSize(16);
        CollectSink<KeyCount> sink = new CollectSink<>();
        numbers(env).keyBy(n -> n % KEYS).connect(words(env).keyBy(ConnectedStreamsTest::wordKey))
            .flatMap(new CountPerInput()).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "keyed-connect").status());

        assertRunningCounts(sink.getResults());
    }

    /** Per key and input, the counts emitted are 1..n, each once, n being what plain Java counts. */
    private static void assertRunningCounts(List<KeyCount> emitted) {
        Map<String, Long> expected = new TreeMap<>();
        LongStream.range(0, NUMBERS).forEach(n -> expected.merge(n % KEYS + "/1", 1L, Long::sum));
        expectedWords().forEach(w -> expected.merge(wordKey(w) + "/2", 1L, Long::sum));
        Map<String, List<Long>> counts = new TreeMap<>();
        emitted.forEach(c -> counts.computeIfAbsent(c.key() + "/" + c.input(), k -> new ArrayList<>()).add(c.count()));
        assertEquals(expected.keySet(), counts.keySet());
        expected.forEach((keyAndInput, n) -> assertEquals(LongStream.rangeClosed(1, n).boxed().toList(),
            sorted(counts.get(keyAndInput)), "running counts of key/input " + keyAndInput));
    }

    @Test
    void aStreamConnectedWithItselfShouldReachBothInputs() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        DataStream<Long> numbers = numbers(env);
        CollectSink<String> sink = new CollectSink<>();
        numbers.connect(numbers.map(n -> "w" + n)).map(new TagInput()).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "self-connect").status());

        List<String> expected = Stream.concat(LongStream.range(0, NUMBERS).mapToObj(n -> "1:" + n),
            LongStream.range(0, NUMBERS).mapToObj(n -> "2:w" + n)).toList();
        assertEquals(sorted(expected), sorted(sink.getResults()));
    }

    /** Input 1 sets a processing-time timer 100 ms on, input 2 one 50 ms on, for the record's key. */
    static final class Reminders extends KeyedCoProcessFunction<Long, Long, String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
            remind(1, 100, ctx, out);
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<String> out) {
            remind(2, 50, ctx, out);
        }

        private static void remind(int input, long afterMs, Context ctx, Collector<String> out) {
            long at = ctx.timerService().currentProcessingTime() + afterMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            out.collect(input + " " + ctx.getCurrentKey() + "@" + at);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("fire " + ctx.getCurrentKey() + "@" + timestamp + " " + ctx.timeDomain());
        }
    }

    @Test
    void keyedCoProcessShouldFireProcessingTimeTimersOfBothInputsWithTheirKey() {
        ManualClock clock = new ManualClock(1_000);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setClock(clock);
        QueueSource<Long> numbers = new QueueSource<>(1, Codecs.LONG);
        QueueSource<String> words = new QueueSource<>(1, Codecs.STRING);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
            .connect(env.fromSource(words, WatermarkStrategy.noWatermarks(), "words"))
            .keyBy(n -> n, w -> (long) w.length())
            .process(new Reminders()).sinkTo(sink);
        JobClient job = env.executeAsync("keyed-co-process-processing-time");
        try {
            numbers.offer(0, 3L);
            words.offer(0, "ab");
            Eventually.await("both records processed", () -> sink.getResults().size() == 2, sink::getResults);
            assertEquals(Set.of("1 3@1100", "2 2@1050"), Set.copyOf(sink.getResults()));

            clock.set(1_050);
            Eventually.await("input 2's timer fired", () -> sink.getResults().size() == 3, sink::getResults);
            assertEquals("fire 2@1050 PROCESSING_TIME", sink.getResults().get(2));
            clock.set(1_100);
            Eventually.await("input 1's timer fired", () -> sink.getResults().size() == 4, sink::getResults);
            assertEquals("fire 3@1100 PROCESSING_TIME", sink.getResults().get(3));
            numbers.endAll();
            words.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
    }

    /** A generic co-map: its output type cannot be read, so the stream says it with returns(...). */
    static final class Either<T> implements CoMapFunction<T, T, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public T map1(T value) {
            return value;
        }

        @Override
        public T map2(T value) {
            return value;
        }
    }

    @Test
    void returnsShouldGiveTheCodecOfAGenericCoFunction() {
        StreamEnvironment env = StreamEnvironment.create();
        CollectSink<Long> sink = new CollectSink<>();
        numbers(env).connect(env.fromElements(-1L, -2L)).map(new Either<Long>()).returns(Codecs.LONG).sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "co-map-returns").status());

        assertEquals(NUMBERS + 2, sink.getResults().size());
    }

    @Test
    void shouldRejectWhatCannotBeKeyedSayingHow() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Long> numbers = numbers(env);
        DataStream<String> words = words(env);
        KeyedCoProcessFunction<Long, Long, String, String> keyedFunction = new KeyedCoProcessFunction<>() {
            @Override
            public void processElement1(Long value, Context ctx, Collector<String> out) {
            }

            @Override
            public void processElement2(String value, Context ctx, Collector<String> out) {
            }
        };
        InvalidJobException notKeyed = assertThrows(InvalidJobException.class, () -> numbers.connect(words).process(keyedFunction));
        assertTrue(notKeyed.getMessage().contains("keyBy(selector1, selector2)"), notKeyed.getMessage());

        InvalidJobException twoTypes = assertThrows(InvalidJobException.class,
            () -> numbers.connect(words).keyBy(ConnectedStreamsTest::itself, ConnectedStreamsTest::itself));
        assertTrue(twoTypes.getMessage().contains("java.lang.Long and java.lang.String"), twoTypes.getMessage());

        InvalidJobException keyedTwoWays = assertThrows(InvalidJobException.class,
            () -> numbers.keyBy(n -> n).connect(words.keyBy(w -> w)).map(new TagInput()));
        assertTrue(keyedTwoWays.getMessage().contains("keys of two types"), keyedTwoWays.getMessage());

        DataStream<String> elsewhere = StreamEnvironment.create().fromElements("x");
        assertThrows(InvalidJobException.class, () -> numbers.connect(elsewhere));
    }

    private static Long itself(Long n) {
        return n;
    }

    private static String itself(String word) {
        return word;
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static List<Seen> sortedBy(List<Seen> values) {
        List<Seen> copy = new ArrayList<>(values);
        copy.sort(java.util.Comparator.comparingInt(Seen::input).thenComparingLong(Seen::value));
        return copy;
    }
}
