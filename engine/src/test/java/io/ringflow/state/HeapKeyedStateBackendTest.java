package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapKeyedStateBackendTest {
    private final HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(LONG, 128, KeyGroupRange.all(128));

    @Test
    void shouldKeepValueStatePerKey() {
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("v", LONG));
        for (long key = 0; key < 1000; key++) {
            backend.setCurrentKey(key);
            assertNull(state.value());
            state.update(key * 10);
        }
        for (long key = 0; key < 1000; key++) {
            backend.setCurrentKey(key);
            assertEquals(key * 10, state.value());
        }
        backend.setCurrentKey(7L);
        state.clear();
        assertNull(state.value());
        backend.setCurrentKey(8L);
        state.update(null);
        assertNull(state.value());
        assertEquals(998, backend.numKeys("v"));
    }

    @Test
    void shouldReturnACopyOfTheDefaultValueWhenAbsent() {
        ValueState<long[]> state = backend.getState(new ValueStateDescriptor<>("v", LONG_ARRAY, new long[] {1, 2}));
        backend.setCurrentKey(1L);
        state.value()[0] = 99;
        backend.setCurrentKey(2L);
        assertArrayEquals(new long[] {1, 2}, state.value());
        assertEquals(0, backend.numKeys("v"));
    }

    @Test
    void shouldKeepListStatePerKey() {
        ListState<String> state = backend.getListState(new ListStateDescriptor<>("l", STRING));
        backend.setCurrentKey(1L);
        assertFalse(state.get().iterator().hasNext());
        state.add("a");
        state.addAll(List.of("b", "c"));
        backend.setCurrentKey(2L);
        state.update(new ArrayList<>(List.of("x")));
        assertEquals(List.of("x"), list(state.get()));
        backend.setCurrentKey(1L);
        assertEquals(List.of("a", "b", "c"), list(state.get()));
        state.update(List.of());
        assertFalse(state.get().iterator().hasNext());
        assertThrows(NullPointerException.class, () -> state.add(null));
    }

    @Test
    void shouldKeepMapStatePerKey() {
        MapState<String, Long> state = backend.getMapState(new MapStateDescriptor<>("m", STRING, LONG));
        backend.setCurrentKey(1L);
        assertTrue(state.isEmpty());
        state.put("a", 1L);
        state.putAll(Map.of("b", 2L, "c", 3L));
        backend.setCurrentKey(2L);
        assertTrue(state.isEmpty());
        assertNull(state.get("a"));
        state.put("z", 26L);
        backend.setCurrentKey(1L);
        assertEquals(2L, state.get("b"));
        assertTrue(state.contains("c"));
        state.remove("c");
        assertFalse(state.contains("c"));
        assertEquals(Set.of("a", "b"), new TreeSet<>(list(state.keys())));
        assertEquals(Set.of(1L, 2L), new TreeSet<>(list(state.values())));
        assertEquals(2, list(state.entries()).size());
        state.remove("a");
        state.remove("b");
        assertTrue(state.isEmpty());
        assertEquals(1, backend.numKeys("m"), "a key whose map became empty is gone");
    }

    /** put refuses null values; an entry's setValue must too, or every later checkpoint fails on it. */
    @Test
    void shouldChangeMapEntriesInPlaceButRefuseANullValue() {
        MapState<String, Long> state = backend.getMapState(new MapStateDescriptor<>("m", STRING, LONG));
        backend.setCurrentKey(1L);
        state.put("a", 1L);
        for (Map.Entry<String, Long> entry : state.entries()) {
            assertEquals(1L, entry.setValue(5L));
            NullPointerException refused = assertThrows(NullPointerException.class, () -> entry.setValue(null));
            assertTrue(refused.getMessage().contains("'m'") && refused.getMessage().contains("remove"), refused.getMessage());
        }
        assertEquals(5L, state.get("a"));
        var entries = state.entries().iterator();
        entries.next();
        entries.remove();
        assertTrue(state.isEmpty());
    }

    @Test
    void shouldReduceAddedValuesPerKey() {
        ReducingState<Long> state = backend.getReducingState(new ReducingStateDescriptor<>("r", Long::sum, LONG));
        backend.setCurrentKey(1L);
        assertNull(state.get());
        state.add(5L);
        state.add(6L);
        backend.setCurrentKey(2L);
        state.add(100L);
        backend.setCurrentKey(1L);
        assertEquals(11L, state.get());
        state.clear();
        assertNull(state.get());
    }

    @Test
    void shouldAggregateAddedValuesPerKeyAndReadTheResult() {
        AggregateFunction<String, Long, String> lengths = new AggregateFunction<>() {
            public Long createAccumulator() {
                return 0L;
            }

            public Long add(String value, Long accumulator) {
                return accumulator + value.length();
            }

            public String getResult(Long accumulator) {
                return accumulator + " chars";
            }

            public Long merge(Long a, Long b) {
                return a + b;
            }
        };
        AggregatingState<String, String> state = backend.getAggregatingState(new AggregatingStateDescriptor<>("a", lengths, LONG));
        backend.setCurrentKey(1L);
        assertNull(state.get(), "nothing added: no result, as Flink");
        state.add("abc");
        state.add("de");
        backend.setCurrentKey(2L);
        state.add("x");
        backend.setCurrentKey(1L);
        assertEquals("5 chars", state.get());
        state.clear();
        assertNull(state.get());
        backend.setCurrentKey(2L);
        assertEquals("1 chars", state.get());
        IllegalStateException kind = assertThrows(IllegalStateException.class,
            () -> backend.getReducingState(new ReducingStateDescriptor<>("a", Long::sum, LONG)));
        assertTrue(kind.getMessage().contains("AGGREGATING"), kind.getMessage());
    }

    @Test
    void shouldReturnTheSameStateForTheSameName() {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("v", LONG);
        assertSame(backend.getState(descriptor), backend.getState(new ValueStateDescriptor<>("v", new TestCodecs.LongCodec())));
        assertNotSame(backend.getState(descriptor), backend.getState(new ValueStateDescriptor<>("w", LONG)));
    }

    @Test
    void shouldRejectANameReusedWithAnotherKindOrCodec() {
        backend.getState(new ValueStateDescriptor<>("counts", LONG));
        IllegalStateException kind = assertThrows(IllegalStateException.class,
            () -> backend.getListState(new ListStateDescriptor<>("counts", LONG)));
        assertTrue(kind.getMessage().contains("'counts'") && kind.getMessage().contains("LIST"), kind.getMessage());
        IllegalStateException codec = assertThrows(IllegalStateException.class,
            () -> backend.getState(new ValueStateDescriptor<>("counts", STRING)));
        assertTrue(codec.getMessage().contains("'counts'") && codec.getMessage().contains("codec"), codec.getMessage());
    }

    @Test
    void shouldCacheTheKeyGroupOfTheCurrentKey() {
        backend.setCurrentKey(42L);
        assertEquals(42L, backend.getCurrentKey());
        assertEquals(KeyGroups.assignToKeyGroup(42L, 128), backend.getCurrentKeyGroup());
    }

    @Test
    void shouldRejectKeysOutsideTheRangeAndNullKeys() {
        KeyGroupRange range = KeyGroups.rangeForSubtask(128, 2, 0);
        HeapKeyedStateBackend<Long> half = new HeapKeyedStateBackend<>(LONG, 128, range);
        long outside = 0;
        while (range.contains(KeyGroups.assignToKeyGroup(outside, 128))) {
            outside++;
        }
        long key = outside;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> half.setCurrentKey(key));
        assertTrue(e.getMessage().contains(range.toString()), e.getMessage());
        assertThrows(NullPointerException.class, () -> half.setCurrentKey(null));
    }

    @Test
    void shouldRejectStateAccessWithoutCurrentKey() {
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("v", LONG));
        assertThrows(IllegalStateException.class, state::value);
    }

    @Test
    void shouldApplyToAllKeysWithEachKeyCurrent() {
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("v", LONG));
        for (long key = 0; key < 100; key++) {
            backend.setCurrentKey(key);
            state.update(key);
        }
        backend.applyToAllKeys("v", key -> {
            assertEquals(key, state.value());
            if (key % 2 == 0) {
                state.clear();
            }
        });
        assertEquals(50, backend.numKeys("v"));
        assertEquals(50, backend.keys("v").size());
        assertTrue(backend.keys("v").stream().allMatch(k -> k % 2 == 1));
        assertEquals(50, backend.numEntries());
        assertThrows(IllegalArgumentException.class, () -> backend.keys("nope"));
    }

    static <T> List<T> list(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        iterable.forEach(list::add);
        return list;
    }

    @Test
    void shouldFindTheSameStateWhetherTheKeyGroupCameWithTheRecordOrWasComputed() {
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("v", LONG));
        for (long key = 0; key < 1000; key++) {
            backend.setCurrentKey(key, KeyGroups.assignToKeyGroup(key, 128));
            assertEquals(KeyGroups.assignToKeyGroup(key, 128), backend.getCurrentKeyGroup());
            state.update(key * 3);
        }
        for (long key = 0; key < 1000; key++) {
            backend.setCurrentKey(key);
            assertEquals(key * 3, state.value(), "key " + key);
            backend.setCurrentKey(key, -1); // none came with it: computed here
            assertEquals(key * 3, state.value(), "key " + key);
        }
    }

    @Test
    void shouldRefuseAKeyGroupOutsideItsRange() {
        HeapKeyedStateBackend<Long> half = new HeapKeyedStateBackend<>(LONG, 128, new KeyGroupRange(0, 63));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> half.setCurrentKey(1L, 100));
        assertTrue(e.getMessage().contains("key group 100"), e.getMessage());
        assertThrows(NullPointerException.class, () -> half.setCurrentKey(null, 3));
    }
}
