package io.ringflow.api;

import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.connector.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's object reuse: off by default, a chained operator gets a copy of each record, so a
 * function changing what it got does not change it for another; enabled, the same object goes on.
 */
@Timeout(60)
class ObjectReuseTest {
    /** A mutable POJO. */
    public static class Box {
        public long value;

        public Box() {
        }

        public Box(long value) {
            this.value = value;
        }
    }

    /** Changes the record it got, then emits it. */
    public static class Bump extends RichMapFunction<Box, Box> {
        @Override
        public Box map(Box box) {
            box.value += 1_000;
            return box;
        }
    }

    /** Two consumers of one stream in one task: the first changes each record, the second reads it after. */
    private static List<Long> secondConsumerSees(boolean objectReuse) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        }
        DataStream<Box> boxes = env.fromSequence(1, 500).map(v -> new Box(v)).returns(Box.class);
        CollectSink<Box> bumped = new CollectSink<>();
        CollectSink<Long> seen = new CollectSink<>();
        boxes.map(new Bump()).sinkTo(bumped);
        boxes.map(box -> box.value).sinkTo(seen);
        env.execute("object-reuse-" + objectReuse);
        assertEquals(500, bumped.getResults().size());
        return seen.getResults();
    }

    @Test
    void shouldHandEachChainedOperatorACopyByDefault() {
        List<Long> seen = secondConsumerSees(false);
        assertEquals(500, seen.size());
        assertTrue(seen.stream().allMatch(v -> v <= 500), "the second consumer saw the first one's changes: " + seen);
    }

    @Test
    void shouldHandOnTheSameObjectWithObjectReuse() {
        List<Long> seen = secondConsumerSees(true);
        assertEquals(500, seen.size());
        assertTrue(seen.stream().allMatch(v -> v > 1_000), "with object reuse both consumers get the same object: " + seen);
    }

    /** A function keeping what it got sees it unchanged by the operator after it. */
    public static class Keep extends RichMapFunction<Box, Box> {
        static final List<Box> KEPT = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public Box map(Box box) {
            KEPT.add(box);
            return box;
        }
    }

    @Test
    void shouldKeepARecordAFunctionHoldsFromTheNextOperatorsChanges() {
        Keep.KEPT.clear();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, 100).map(v -> new Box(v)).returns(Box.class).map(new Keep()).map(new Bump())
            .sinkTo(new CollectSink<>());
        env.execute("kept");
        assertEquals(100, Keep.KEPT.size());
        assertTrue(Keep.KEPT.stream().allMatch(box -> box.value <= 100), "a kept record was changed downstream");
    }

    @Test
    void shouldReadObjectReuseFromFlinksKeyAndConfig() {
        StreamEnvironment env = StreamEnvironment.create();
        assertFalse(env.getConfig().isObjectReuseEnabled(), "off by default, as in Flink");
        env.configure(Map.of("pipeline.object-reuse", "true"));
        assertTrue(env.getConfig().isObjectReuseEnabled());
        env.getConfig().disableObjectReuse().setAutoWatermarkInterval(50).setParallelism(3).setMaxParallelism(64);
        assertFalse(env.getConfig().isObjectReuseEnabled());
        assertEquals(50, env.getConfig().getAutoWatermarkInterval());
        assertEquals(3, env.getParallelism());
        assertEquals(64, env.getConfig().getMaxParallelism());
    }
}
