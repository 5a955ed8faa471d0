package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.StateTtlConfig;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State descriptors kept in a function's fields or captured by it, as Flink code keeps them (its
 * descriptors are Serializable): the function is copied per subtask, so the descriptor is too.
 */
@Timeout(60)
class StateDescriptorCopyTest {
    /** A rule of the broadcast side. */
    public record Rule(String name, long threshold) {
    }

    /** Flink's broadcast state pattern: the descriptor built in main() and handed to the function. */
    public static class Matcher extends KeyedBroadcastProcessFunction<Long, Long, Rule, String> {
        private final MapStateDescriptor<String, Rule> rules;
        private final ValueStateDescriptor<Long> countDescriptor = new ValueStateDescriptor<>("count", Long.class, 0L);
        private transient ValueState<Long> count;

        Matcher(MapStateDescriptor<String, Rule> rules) {
            this.rules = rules;
        }

        @Override
        public void open() {
            count = getRuntimeContext().getState(countDescriptor);
        }

        @Override
        public void processBroadcastElement(Rule rule, Context ctx, Collector<String> out) throws Exception {
            BroadcastState<String, Rule> state = ctx.getBroadcastState(rules);
            state.put(rule.name(), rule);
            out.collect("rule " + rule.name() + " held by " + getRuntimeContext().getIndexOfThisSubtask() + ": "
                + state.contains(rule.name()));
        }

        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            count.update(count.value() + 1);
            if (count.value() == 100_000L) { // every value is of key 0: its count reaches 100,000 once, at the last
                out.collect("count " + count.value());
            }
        }
    }

    @Test
    void flinksBroadcastStatePatternRunsWithItsDescriptorInTheFunction() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        MapStateDescriptor<String, Rule> ruleState = new MapStateDescriptor<>("rules", String.class, Rule.class);
        BroadcastStream<Rule> rules = env.fromData(new Rule("big", 100), new Rule("small", 1)).broadcast(ruleState);
        List<String> out = new java.util.ArrayList<>();
        try (CloseableIterator<String> results = env.fromSequence(0, 99_999).keyBy(v -> 0L).connect(rules)
            .process(new Matcher(ruleState)).executeAndCollect()) {
            results.forEachRemaining(out::add);
        }
        out.sort(null);
        assertEquals(List.of("count 100000", "rule big held by 0: true", "rule big held by 1: true",
            "rule small held by 0: true", "rule small held by 1: true"), out);
    }

    @Test
    void descriptorsCrossASerializationRoundTripWithTheirCodecsTtlAndDefaults() throws Exception {
        ValueStateDescriptor<Long> fromClass = new ValueStateDescriptor<>("count", Long.class, 7L);
        fromClass.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMinutes(5)).build());
        ValueStateDescriptor<Long> copy = roundTrip(fromClass);
        assertEquals("count", copy.getName());
        assertEquals(7L, copy.getDefaultValue());
        assertEquals(Duration.ofMinutes(5), copy.getTtlConfig().getTtl());
        assertEquals(fromClass.getCodec().identity(), copy.getCodec().identity());

        assertSame(Codecs.STRING, roundTrip(new ValueStateDescriptor<>("name", Codecs.STRING)).getCodec(), "a constant by name");
        MapStateDescriptor<String, Rule> map = roundTrip(new MapStateDescriptor<>("rules", String.class, Rule.class));
        assertEquals(Codecs.forClass(Rule.class).identity(), map.getCodec().identity());
        assertEquals(Codecs.STRING.identity(), map.getKeyCodec().identity());
        assertEquals(new Rule("r", 3), roundTripValue(map.getCodec(), new Rule("r", 3)));

        ListStateDescriptor<List<Long>> custom = new ListStateDescriptor<>("lists", Codecs.listOf(Codecs.LONG));
        NotSerializableException e = assertThrows(NotSerializableException.class, () -> roundTrip(custom));
        assertTrue(e.getMessage().contains("state 'lists'") && e.getMessage().contains("create the descriptor in open()"),
            e.getMessage());
    }

    /** Keeps a descriptor whose codec cannot be copied in a field. */
    public static class KeepsAListCodec extends KeyedProcessFunction<Long, Long, Long> {
        private final ListStateDescriptor<List<Long>> lists = new ListStateDescriptor<>("lists", Codecs.listOf(Codecs.LONG));

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            getRuntimeContext().getListState(lists).add(List.of(value));
            out.collect(value);
        }
    }

    @Test
    void aDescriptorWhoseCodecCannotBeCopiedStopsTheJobNamingTheState() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSequence(0, 99).keyBy(v -> v).process(new KeepsAListCodec()).sinkTo(io.ringflow.connector.DiscardingSink.create());
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.executeAsync("copies").await(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("state 'lists'") && e.getMessage().contains("cannot be copied"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    private static <T> T roundTripValue(Codec<T> codec, T value) {
        org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(64);
        return codec.decode(buffer, 0, codec.encode(value, buffer, 0, 64));
    }
}
