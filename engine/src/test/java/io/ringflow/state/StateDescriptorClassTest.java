package io.ringflow.state;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Flink's descriptor constructors taking a {@code Class}: the codec is the one {@code Codecs.forClass} finds. */
class StateDescriptorClassTest {
    record Point(long x, long y) {
    }

    @Test
    void shouldFindTheCodecOfEachClassAndStoreWithIt() {
        assertEquals(Codecs.forClass(Boolean.class).identity(), new ValueStateDescriptor<>("flag", Boolean.class).getCodec().identity());
        assertEquals(Codecs.forClass(Point.class).identity(), new ListStateDescriptor<>("points", Point.class).getCodec().identity());
        MapStateDescriptor<String, Long> map = new MapStateDescriptor<>("counts", String.class, Long.class);
        assertEquals(Codecs.forClass(String.class).identity(), map.getKeyCodec().identity());
        assertEquals(Codecs.forClass(Long.class).identity(), new ReducingStateDescriptor<>("sum", Long::sum, Long.class)
            .getCodec().identity());
        assertEquals(Codecs.forClass(Point.class).identity(), new AggregatingStateDescriptor<Long, Point, Long>("acc",
            new PointSum(), Point.class).getCodec().identity());

        HeapKeyedStateBackend<String> backend = new HeapKeyedStateBackend<>(Codecs.STRING, 128, KeyGroupRange.all(128));
        ValueState<Boolean> flag = backend.getState(new ValueStateDescriptor<>("flag", Boolean.class, false));
        MapState<String, Long> counts = backend.getMapState(map);
        backend.setCurrentKey("k");
        assertFalse(flag.value(), "the default");
        flag.update(true);
        counts.put("a", 3L);
        assertEquals(true, flag.value());
        assertEquals(List.of("a"), List.copyOf(toList(counts.keys())));
    }

    private static List<String> toList(Iterable<String> keys) {
        java.util.ArrayList<String> list = new java.util.ArrayList<>();
        keys.forEach(list::add);
        return list;
    }

    private static final class PointSum implements io.ringflow.api.functions.AggregateFunction<Long, Point, Long> {
        @Override
        public Point createAccumulator() {
            return new Point(0, 0);
        }

        @Override
        public Point add(Long value, Point accumulator) {
            return new Point(accumulator.x() + 1, accumulator.y() + value);
        }

        @Override
        public Long getResult(Point accumulator) {
            return accumulator.y();
        }

        @Override
        public Point merge(Point a, Point b) {
            return new Point(a.x() + b.x(), a.y() + b.y());
        }
    }
}
