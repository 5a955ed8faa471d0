package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.BroadcastProcessFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapStateDescriptor;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules broadcast to a keyed stream of events, end to end against plain Java: every (event, rule)
 * pair that matches is emitted once, whichever arrives first (an event is matched against the rules
 * its subtask holds; a rule against every buffered event through {@code applyToKeyedState}); every
 * subtask sees every rule (a side output per subtask and rule); each key's timer fires once.
 */
class BroadcastStateTest {
    private static final int EVENTS = 6_000;
    private static final int KEYS = 50;
    private static final int RULES = 40;
    static final MapStateDescriptor<Integer, Rule> RULE_STATE = new MapStateDescriptor<>("rules", Codecs.INT,
        Codecs.forClass(Rule.class));
    static final OutputTag<Integer> RULES_SEEN = new OutputTag<Integer>("rules-seen") {
    };
    static final OutputTag<Summary> SUMMARIES = new OutputTag<Summary>("summaries") {
    };

    record Event(long key, long value, long time) {
    }

    record Rule(int id, int modulus) {
        boolean matches(Event event) {
            return (event.value() + id) % modulus == 0;
        }
    }

    record Match(long key, long value, int rule) {
    }

    record Summary(long key, int events) {
    }

    static Event event(long n) {
        return new Event(n % KEYS, n * 7_919 % 10_007, n);
    }

    static Rule rule(long n) {
        return new Rule((int) n, 7 + (int) (n * 13 % 40));
    }

    static final class Matcher extends KeyedBroadcastProcessFunction<Long, Event, Rule, Match> {
        private static final long serialVersionUID = 1L;
        private static final ListStateDescriptor<Event> BUFFERED = new ListStateDescriptor<>("events",
            Codecs.forClass(Event.class));
        private transient ListState<Event> events;
        private transient ValueState<Integer> count;

        @Override
        public void open() {
            events = getRuntimeContext().getListState(BUFFERED);
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.INT));
        }

        @Override
        public void processElement(Event event, ReadOnlyContext ctx, Collector<Match> out) throws Exception {
            for (Map.Entry<Integer, Rule> rule : ctx.getBroadcastState(RULE_STATE).immutableEntries()) {
                if (rule.getValue().matches(event)) {
                    out.collect(new Match(event.key(), event.value(), rule.getKey()));
                }
            }
            events.add(event);
            count.update(count.value() == null ? 1 : count.value() + 1);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
        }

        @Override
        public void processBroadcastElement(Rule rule, Context ctx, Collector<Match> out) throws Exception {
            ctx.getBroadcastState(RULE_STATE).put(rule.id(), rule);
            ctx.output(RULES_SEEN, rule.id());
            ctx.applyToKeyedState(BUFFERED, (Long key, ListState<Event> buffered) -> {
                for (Event event : buffered.get()) {
                    if (rule.matches(event)) {
                        out.collect(new Match(key, event.value(), rule.id()));
                    }
                }
            });
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Match> out) throws Exception {
            ctx.output(SUMMARIES, new Summary(ctx.getCurrentKey(), count.value()));
        }
    }

    /** Tries to write on the read-only side and to read an undeclared state, and says what it was told. */
    static final class ReadOnlyProbe extends BroadcastProcessFunction<Long, Rule, String> {
    private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> collector) throws Exception {
            try {
                ctx.getBroadcastState(RULE_STATE).clear();
                collector.collect("cleared");
            } catch (UnsupportedOperationException expected) {
                collector.collect("read-only");
            }
        }

        @Override
        public void processBroadcastElement(Rule rule, Context ctx, Collector<String> collector) throws Exception {
            ctx.getBroadcastState(RULE_STATE).put(rule.id(), rule);
            try {
                ctx.getBroadcastState(new MapStateDescriptor<>("other", Codecs.INT, Codecs.INT));
            } catch (IllegalArgumentException e) {
                collector.collect(e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldMatchEveryEventWithEveryRuleOnceAsPlainJavaDoes(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(32);
        DataStream<Event> events = env.fromSource(GeneratorSource.bounded(EVENTS, BroadcastStateTest::event),
            WatermarkStrategy.<Event>forMonotonousTimestamps().withTimestampAssigner((e, ts) -> e.time()), "events");
        DataStream<Rule> rules = env.fromSource(GeneratorSource.bounded(RULES, BroadcastStateTest::rule).withRate(2_000),
            WatermarkStrategy.noWatermarks(), "rules").setParallelism(Math.min(2, parallelism));
        CollectSink<Match> matches = new CollectSink<>();
        CollectSink<Integer> seen = new CollectSink<>();
        CollectSink<Summary> summaries = new CollectSink<>();
        SingleOutputStreamOperator<Match> matched = events.keyBy(Event::key).connect(rules.broadcast(RULE_STATE))
            .process(new Matcher()).uid("matcher");
        matched.sinkTo(matches);
        matched.getSideOutput(RULES_SEEN).sinkTo(seen);
        matched.getSideOutput(SUMMARIES).sinkTo(summaries);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "broadcast-rules-p" + parallelism).status());

        List<Match> expected = new ArrayList<>();
        Map<Long, Integer> perKey = new TreeMap<>();
        for (long n = 0; n < EVENTS; n++) {
            Event event = event(n);
            perKey.merge(event.key(), 1, Integer::sum);
            for (long r = 0; r < RULES; r++) {
                if (rule(r).matches(event)) {
                    expected.add(new Match(event.key(), event.value(), (int) r));
                }
            }
        }
        Comparator<Match> order = Comparator.comparingLong(Match::key).thenComparingLong(Match::value)
            .thenComparingInt(Match::rule);
        expected.sort(order);
        List<Match> actual = new ArrayList<>(matches.getResults());
        actual.sort(order);
        assertTrue(expected.size() > EVENTS / 2, "rules match often: " + expected.size());
        assertEquals(expected, actual);
        Map<Integer, Integer> seenPerRule = new TreeMap<>();
        seen.getResults().forEach(id -> seenPerRule.merge(id, 1, Integer::sum));
        assertEquals(RULES, seenPerRule.size(), "rules seen");
        seenPerRule.forEach((id, times) -> assertEquals(parallelism, times, "subtasks that saw rule " + id));
        Map<Long, Integer> actualPerKey = new TreeMap<>();
        summaries.getResults().forEach(s -> assertEquals(null, actualPerKey.put(s.key(), s.events()), "timers of key " + s.key()));
        assertEquals(perKey, actualPerKey);
    }

    @Test
    void shouldBroadcastToANonKeyedStreamAndRefuseWritesOnTheReadOnlySide() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers");
        DataStream<Rule> rules = env.fromSource(GeneratorSource.bounded(RULES, BroadcastStateTest::rule),
            WatermarkStrategy.noWatermarks(), "rules").setParallelism(1);
        CollectSink<String> out = new CollectSink<>();
        numbers.connect(rules.broadcast(RULE_STATE)).process(new ReadOnlyProbe()).sinkTo(out);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "broadcast-non-keyed").status());
        List<String> results = out.getResults();
        assertEquals(1_000, results.stream().filter("read-only"::equals).count(), "every read-only write refused");
        assertEquals(2L * RULES, results.stream().filter(m -> m.contains("'other' was not given to broadcast(...)")
            && m.contains("pass its descriptor to broadcast(descriptors...)")).count(), "undeclared state refused");
    }

    @Test
    void shouldRefuseAFunctionThatDoesNotFitTheStream() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Long> numbers = env.fromElements(1L, 2L);
        BroadcastStream<Long> broadcast = env.fromElements(3L).broadcast(new MapStateDescriptor<>("m", Codecs.LONG, Codecs.LONG));
        InvalidJobException keyedOnPlain = assertThrows(InvalidJobException.class, () -> numbers.connect(broadcast)
            .process(new KeyedBroadcastProcessFunction<Long, Long, Long, Long>() {
                @Override
                public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
                }

                @Override
                public void processBroadcastElement(Long value, Context ctx, Collector<Long> out) {
                }
            }));
        assertTrue(keyedOnPlain.getMessage().contains("call keyBy(...) before connect(broadcastStream)"),
            keyedOnPlain.getMessage());
        InvalidJobException plainOnKeyed = assertThrows(InvalidJobException.class, () -> numbers.keyBy(n -> n)
            .connect(broadcast).process(new BroadcastProcessFunction<Long, Long, Long>() {
                @Override
                public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
                }

                @Override
                public void processBroadcastElement(Long value, Context ctx, Collector<Long> out) {
                }
            }));
        assertTrue(plainOnKeyed.getMessage().contains("use a KeyedBroadcastProcessFunction"), plainOnKeyed.getMessage());
        MapStateDescriptor<Long, Long> twice = new MapStateDescriptor<>("twice", Codecs.LONG, Codecs.LONG);
        InvalidJobException duplicate = assertThrows(InvalidJobException.class, () -> numbers.broadcast(twice, twice));
        assertTrue(duplicate.getMessage().contains("names broadcast state 'twice' twice"), duplicate.getMessage());
    }
}
