package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.tuple.Tuple;
import io.ringflow.api.tuple.Tuple1;
import io.ringflow.api.tuple.Tuple2;
import io.ringflow.api.tuple.Tuple3;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flink's tuples: Flink's word count as written (with Flink's {@code returns}), codecs, and a failover. */
@Timeout(60)
class TupleTest {
    static final String TEXT = "to be or not to be that is the question whether tis nobler in the mind to suffer";

    /** Flink's WordCount tokenizer, unchanged. */
    public static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Integer>> {
        @Override
        public void flatMap(String value, Collector<Tuple2<String, Integer>> out) {
            for (String token : value.toLowerCase().split("\\W+")) {
                if (token.length() > 0) {
                    out.collect(new Tuple2<>(token, 1));
                }
            }
        }
    }

    static Map<String, Integer> expectedCounts(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            for (String token : line.split("\\W+")) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<String> lines(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(TEXT);
        }
        return lines;
    }

    /** The last count of each word, keyed rolling sums emitting after every record. */
    static Map<String, Integer> lastCounts(List<Tuple2<String, Integer>> out) {
        Map<String, Integer> last = new HashMap<>();
        for (Tuple2<String, Integer> t : out) {
            last.merge(t.f0, t.f1, Math::max);
        }
        return last;
    }

    @Test
    void shouldRunFlinksWordCountAsWritten() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<Tuple2<String, Integer>> out = new ArrayList<>();
        try (CloseableIterator<Tuple2<String, Integer>> counts = env.fromCollection(lines(50))
            .flatMap(new Tokenizer())
            .keyBy(value -> value.f0)
            .sum(1)
            .executeAndCollect()) {
            counts.forEachRemaining(out::add);
        }
        assertEquals(expectedCounts(lines(50)), lastCounts(out));
        assertEquals(TEXT.split(" ").length * 50, out.size(), "one output per word, as Flink's rolling sum");
    }

    @Test
    void shouldTakeALambdaWithFlinksReturns() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<Tuple2<String, Integer>> out = new ArrayList<>();
        try (CloseableIterator<Tuple2<String, Integer>> counts = env.fromCollection(lines(20))
            .flatMap((String line, Collector<Tuple2<String, Integer>> collector) -> {
                for (String token : line.split(" ")) {
                    collector.collect(Tuple2.of(token, 1));
                }
            })
            .returns(Codecs.tuple(Codecs.STRING, Codecs.INT))
            .keyBy(value -> value.f0)
            .sum("f1")
            .executeAndCollect()) {
            counts.forEachRemaining(out::add);
        }
        assertEquals(expectedCounts(lines(20)), lastCounts(out));
    }

    /** Rolling sums through an injected failure, committed once each through an exactly-once log. */
    @Test
    void shouldSumTuplesExactlyOnceThroughAFailover(@TempDir Path dir) {
        FAILED.set(false);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < 3_000; i++) {
            numbers.add(i);
        }
        Codec<Tuple3<Long, Long, String>> codec = Codecs.tuple(Codecs.LONG, Codecs.LONG, Codecs.STRING);
        env.fromCollection(numbers).uid("numbers")
            .map(new SlowFailOnce()).uid("fail")
            .map(v -> Tuple3.of(v % 5, v, "n" + v)).returns(codec).uid("tuples")
            .keyBy(t -> t.f0)
            .sum(1).uid("sums")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("out"), codec)).uid("out");
        env.execute("tuple-failover");
        assertTrue(FAILED.get());
        List<Tuple3<Long, Long, String>> out = ChronicleLogReader.readCommitted(dir.resolve("out"), codec);
        assertEquals(3_000, out.size(), "one sum per record, each committed once");
        Map<Long, Long> last = new HashMap<>();
        out.forEach(t -> last.merge(t.f0, t.f1, Math::max));
        for (long key = 0; key < 5; key++) {
            long sum = 0;
            for (long v = key; v < 3_000; v += 5) {
                sum += v;
            }
            assertEquals(sum, last.get(key), "sum of key " + key);
        }
    }

    static final AtomicBoolean FAILED = new AtomicBoolean();

    public static class SlowFailOnce extends io.ringflow.api.functions.RichMapFunction<Long, Long> {
        @Override
        public Long map(Long v) throws Exception {
            if (v % 10 == 0) {
                Thread.sleep(1);
            }
            if (v == 2_000 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return v;
        }
    }

    @Test
    void shouldEncodeTuplesTaggedAndTyped() {
        Tuple3<Long, String, Tuple2<Integer, byte[]>> value = Tuple3.of(7L, "seven", Tuple2.of(7, new byte[] {1, 2}));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Codec<Tuple3<Long, String, Tuple2<Integer, byte[]>>> tagged = (Codec) Codecs.forClass(Tuple3.class);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = tagged.encode(value, buffer, 0, 256);
        Tuple3<Long, String, Tuple2<Integer, byte[]>> back = tagged.decode(buffer, 0, length);
        assertEquals(7L, back.f0);
        assertEquals("seven", back.f1);
        assertEquals(7, back.f2.f0);
        assertArrayEquals(new byte[] {1, 2}, back.f2.f1);
        assertEquals(value, back);
        assertEquals("(7,seven,(7,[1, 2]))", back.toString());
        Tuple3<Long, String, Tuple2<Integer, byte[]>> copy = tagged.copy(value);
        assertEquals(value, copy);
        assertNotSame(value.f2, copy.f2);

        Codec<Tuple2<String, Double>> typed = Codecs.tuple(Codecs.STRING, Codecs.DOUBLE);
        length = typed.encode(Tuple2.of("pi", 3.14), buffer, 0, 256);
        assertEquals(Tuple2.of("pi", 3.14), typed.decode(buffer, 0, length));
        assertEquals("tuple2(" + Codecs.STRING.identity() + ", " + Codecs.DOUBLE.identity() + ")", typed.identity());
        assertTrue(typed.encode(Tuple2.of("a long string", 1.0), buffer, 0, 6) < 0, "too small a buffer: does not fit");
    }

    @Test
    void shouldNameTheFixForAFieldItCannotEncode() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Codec<Tuple2<String, Object>> tagged = (Codec) Codecs.forClass(Tuple2.class);
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> tagged.encode(Tuple2.of("x", new java.util.ArrayList<>()), buffer, 0, 256));
        assertTrue(e.getMessage().contains("field f1") && e.getMessage().contains("Codecs.tuple("), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class,
            () -> tagged.encode(Tuple2.of("x", null), buffer, 0, 256));
        assertTrue(n.getMessage().contains("field f1 of Tuple2 is null"), n.getMessage());
        assertEquals(2, Tuple.arityOf(Tuple2.class));
    }

    /** A record whose fields are tuples: typed by their type arguments, tagged when raw. */
    public record Quote(String symbol, Tuple2<Long, Double> bidAsk, List<Tuple2<String, Integer>> venues,
                        @SuppressWarnings("rawtypes") Tuple2 raw) {
    }

    /** A POJO with a tuple field, as Flink users write them. */
    public static class Position {
        public String account;
        public Tuple3<String, Long, Double> holding;

        public Position() {
        }

        Position(String account, Tuple3<String, Long, Double> holding) {
            this.account = account;
            this.holding = holding;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldEncodeTuplesInsideRecordsAndPojos() {
        Codec<Quote> quotes = Codecs.forClass(Quote.class);
        Quote quote = new Quote("ACME", Tuple2.of(100L, 100.5), List.of(Tuple2.of("X", 1), Tuple2.of("Y", 2)),
            Tuple2.of("any", 3L));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = quotes.encode(quote, buffer, 0, 256);
        Quote back = quotes.decode(buffer, 0, length);
        assertEquals(quote, back);
        assertEquals(Long.class, back.bidAsk().f0.getClass(), "typed by the field's type arguments");
        assertEquals(3L, back.raw().f1, "a raw tuple keeps each value's type");

        Codec<Position> positions = Codecs.forClass(Position.class);
        length = positions.encode(new Position("a-1", Tuple3.of("ACME", 10L, 99.5)), buffer, 0, 256);
        Position position = positions.decode(buffer, 0, length);
        assertEquals("a-1", position.account);
        assertEquals(Tuple3.of("ACME", 10L, 99.5), position.holding);

        NullPointerException empty = assertThrows(NullPointerException.class,
            () -> quotes.encode(new Quote("ACME", null, List.of(), Tuple2.of(1, 2)), buffer, 0, 256));
        assertTrue(empty.getMessage().contains("bidAsk"), "names the null tuple field: " + empty.getMessage());
    }

    @Test
    void shouldCarryRecordsWithTupleFieldsAcrossRingsByKey() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<Quote> out = env.fromSequence(0, 9_999)
            .map(v -> new Quote("S" + v % 10, Tuple2.of(v, v + 0.5), List.of(Tuple2.of("V", (int) (v % 3))), Tuple2.of(v, "r")))
            .keyBy(Quote::symbol).map(q -> q).executeAndCollect(20_000);
        assertEquals(10_000, out.size());
        assertEquals(9_999L * 10_000 / 2, out.stream().mapToLong(q -> q.bidAsk().f0).sum());
        assertTrue(out.stream().allMatch(q -> q.bidAsk().f1 == q.bidAsk().f0 + 0.5 && q.raw().f1.equals("r")));
    }

    @Test
    void shouldProjectTupleFieldsAsFlinkDoes() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        DataStream<Tuple3<String, Integer, Long>> typed = env.fromSequence(0, 999)
            .map(v -> Tuple3.of("k" + v % 7, (int) (v % 5), v))
            .returns(Codecs.tuple(Codecs.STRING, Codecs.INT, Codecs.LONG));
        List<Tuple2<Long, String>> swapped = typed.<Tuple2<Long, String>>project(2, 0).rebalance().executeAndCollect(2_000);
        assertEquals(1_000, swapped.size());
        assertEquals(999L * 1_000 / 2, swapped.stream().mapToLong(t -> t.f0).sum(), "the longs, typed across a ring");
        assertTrue(swapped.stream().allMatch(t -> t.f1.equals("k" + t.f0 % 7)));

        StreamEnvironment tagged = StreamEnvironment.create().setParallelism(2);
        List<Tuple1<Integer>> counts = tagged.fromData("a b", "c")
            .flatMap(new Tokenizer()).<Tuple1<Integer>>project(1).rebalance().executeAndCollect(10);
        assertEquals(3, counts.size());
        assertTrue(counts.stream().allMatch(t -> t.f0 == 1));

        InvalidJobException notTuples = assertThrows(InvalidJobException.class, () -> env.fromSequence(0, 1).project(0));
        assertTrue(notTuples.getMessage().contains("takes a stream of tuples"), notTuples.getMessage());
        InvalidJobException outside = assertThrows(InvalidJobException.class, () -> typed.project(3));
        assertTrue(outside.getMessage().contains("field 3 does not exist in a tuple of 3 fields"), outside.getMessage());
    }
}
