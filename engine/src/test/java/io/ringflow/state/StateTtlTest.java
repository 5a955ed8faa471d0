package io.ringflow.state;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.StateTtlConfig;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State time-to-live as Flink's {@code StateTtlConfig} defines it, on a backend whose processing
 * time the test sets: expiry per value, list element and map entry, the update types and
 * visibilities, incremental and full-snapshot cleanup, and restores that keep each value's time.
 */
class StateTtlTest {
    private static final int MAX_PARALLELISM = 128;
    private static final Duration TTL = Duration.ofMillis(100);
    private long nowMs = 1_000;

    private <K> HeapKeyedStateBackend<K> backend(io.ringflow.api.codec.Codec<K> keyCodec) {
        HeapKeyedStateBackend<K> backend = new HeapKeyedStateBackend<>(keyCodec, MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
        backend.setTtlTimeProvider(() -> nowMs);
        return backend;
    }

    private static StateTtlConfig.Builder ttl() {
        return StateTtlConfig.newBuilder(TTL);
    }

    private static <T, D extends io.ringflow.api.state.StateDescriptor<T>> D with(D descriptor, StateTtlConfig config) {
        descriptor.enableTimeToLive(config);
        return descriptor;
    }

    @Test
    void shouldExpireAValueTtlAfterItsLastWriteAndNeverReturnItByDefault() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().build()));
        backend.setCurrentKey(1L);
        state.update(7L);
        nowMs += 60;
        assertEquals(7L, state.value(), "read 60 ms after the write: a read does not renew it (OnCreateAndWrite)");
        nowMs += 39;
        assertEquals(7L, state.value(), "99 ms after the write");
        nowMs += 1;
        assertNull(state.value(), "100 ms after the write: expired");
        assertEquals(0, backend.numEntries(), "the read removed it");
        state.update(8L);
        nowMs += 99;
        assertEquals(8L, state.value(), "a write starts the time-to-live again");
    }

    @Test
    void shouldRenewOnReadWithOnReadAndWrite() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().updateTtlOnReadAndWrite().build()));
        backend.setCurrentKey(1L);
        state.update(7L);
        for (int i = 0; i < 5; i++) {
            nowMs += 90;
            assertEquals(7L, state.value(), "read every 90 ms: renewed each time");
        }
        nowMs += 100;
        assertNull(state.value());
    }

    @Test
    void shouldReturnAnExpiredValueOnceWhenAllowedThenNotAgain() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG, 0L),
            ttl().returnExpiredIfNotCleanedUp().disableCleanupInBackground().build()));
        backend.setCurrentKey(1L);
        state.update(7L);
        nowMs += 500;
        assertEquals(7L, state.value(), "expired, not cleaned up yet: returned");
        assertEquals(0L, state.value(), "that read cleaned it up: the default now");
    }

    @Test
    void shouldExpireListElementsOneByOne() {
        HeapKeyedStateBackend<String> backend = backend(STRING);
        ListState<Long> list = backend.getListState(with(new ListStateDescriptor<>("l", LONG), ttl().build()));
        backend.setCurrentKey("k");
        list.add(1L);
        nowMs += 50;
        list.addAll(List.of(2L, 3L));
        nowMs += 50;
        assertEquals(List.of(2L, 3L), listOf(list.get()), "1 was added 100 ms ago");
        nowMs += 50;
        assertEquals(List.of(), listOf(list.get()));
        assertEquals(0, backend.numEntries(), "an empty list is no entry");
        list.update(List.of(4L));
        assertEquals(List.of(4L), listOf(list.get()));
    }

    @Test
    void shouldExpireMapEntriesOneByOne() {
        HeapKeyedStateBackend<String> backend = backend(STRING);
        MapState<String, Long> map = backend.getMapState(with(new MapStateDescriptor<>("m", STRING, LONG), ttl().build()));
        backend.setCurrentKey("k");
        map.put("old", 1L);
        nowMs += 60;
        map.put("new", 2L);
        nowMs += 40;
        assertFalse(map.contains("old"));
        assertTrue(map.contains("new"));
        assertEquals(Map.of("new", 2L), mapOf(map));
        nowMs += 60;
        assertTrue(map.isEmpty());
        assertEquals(0, backend.numEntries());
    }

    @Test
    void shouldWriteThroughTheMapsViewsAsWithoutTtl() {
        HeapKeyedStateBackend<String> backend = backend(STRING);
        MapState<String, Long> map = backend.getMapState(with(new MapStateDescriptor<>("m", STRING, LONG), ttl().build()));
        backend.setCurrentKey("k");
        map.put("keep", 1L);
        map.put("drop", 2L);
        map.put("drop-too", 3L);
        map.put("change", 4L);
        for (var it = map.entries().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getKey().equals("drop")) {
                it.remove();
            } else if (e.getKey().equals("change")) {
                e.setValue(40L);
            }
        }
        for (var it = map.keys().iterator(); it.hasNext(); ) {
            if (it.next().equals("drop-too")) {
                it.remove();
            }
        }
        assertEquals(Map.of("keep", 1L, "change", 40L), mapOf(map));
        nowMs += 99;
        map.put("keep", 10L); // renewed; "change" was written by setValue at the start, so it expires next
        nowMs += 1;
        assertEquals(Map.of("keep", 10L), mapOf(map));
        for (var it = map.values().iterator(); it.hasNext(); ) {
            it.next();
            it.remove();
        }
        assertTrue(map.isEmpty());
        assertEquals(0, backend.numEntries(), "the last entry removed through a view removes the key's map");
    }

    @Test
    void shouldStartAnExpiredReductionOrAggregationAgain() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ReducingState<Long> sum = backend.getReducingState(with(new ReducingStateDescriptor<>("sum", Long::sum, LONG), ttl().build()));
        AggregatingState<Long, Long> count = backend.getAggregatingState(
            with(new AggregatingStateDescriptor<>("count", new Count(), LONG), ttl().build()));
        backend.setCurrentKey(3L);
        sum.add(5L);
        count.add(5L);
        nowMs += 99;
        sum.add(6L);
        count.add(6L);
        assertEquals(11L, sum.get());
        assertEquals(2L, count.get());
        nowMs += 100;
        assertNull(sum.get());
        assertNull(count.get());
        sum.add(1L);
        count.add(1L);
        assertEquals(1L, sum.get());
        assertEquals(1L, count.get());
    }

    @Test
    void shouldRemoveExpiredEntriesOfOtherKeysAFewAtEachAccess() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().build()));
        for (long key = 0; key < 1_000; key++) {
            backend.setCurrentKey(key);
            state.update(key);
        }
        nowMs += 100;
        backend.setCurrentKey(5_000L);
        state.update(1L);
        assertTrue(backend.numEntries() > 900, "one access checks a few entries: " + backend.numEntries());
        for (int access = 0; access < 400; access++) {
            state.value();
        }
        assertEquals(1, backend.numEntries(), "400 accesses x 5 entries went over every key group");
    }

    @Test
    void shouldLeaveExpiredEntriesAloneWithoutBackgroundCleanupUntilRead() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().disableCleanupInBackground().build()));
        for (long key = 0; key < 100; key++) {
            backend.setCurrentKey(key);
            state.update(key);
        }
        nowMs += 100;
        for (int access = 0; access < 100; access++) {
            state.value(); // key 99's, removed at the first read
        }
        assertEquals(99, backend.numEntries());
    }

    @Test
    void shouldCleanUpForEveryRecordWhenAsked() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().cleanupIncrementally(10, true).build()));
        for (long key = 0; key < 500; key++) {
            backend.setCurrentKey(key);
            state.update(key);
        }
        nowMs += 100;
        for (int record = 0; record < 200; record++) {
            backend.setCurrentKey(10_000L + record); // a record whose function touches no state
        }
        assertEquals(0, backend.numEntries(), "200 records x 10 entries went over every key group");
    }

    @Test
    void shouldLeaveExpiredValuesOutOfFullSnapshotsWithFullSnapshotCleanup() {
        StateTtlConfig config = ttl().cleanupFullSnapshot().disableCleanupInBackground().build();
        for (boolean stringKeys : new boolean[] {false, true}) {
            nowMs = 1_000;
            if (stringKeys) {
                assertSnapshotLeavesExpiredOut(STRING, key -> "key-" + key, config);
            } else {
                assertSnapshotLeavesExpiredOut(Codecs.LONG, key -> key, config);
            }
        }
    }

    private <K> void assertSnapshotLeavesExpiredOut(io.ringflow.api.codec.Codec<K> keyCodec,
                                                    java.util.function.LongFunction<K> keys, StateTtlConfig config) {
        HeapKeyedStateBackend<K> backend = backend(keyCodec);
        ValueState<Long> value = backend.getState(with(new ValueStateDescriptor<>("v", LONG), config));
        ListState<Long> list = backend.getListState(with(new ListStateDescriptor<>("l", LONG), config));
        for (long key = 0; key < 300; key++) {
            backend.setCurrentKey(keys.apply(key));
            value.update(key);
            list.add(key);
        }
        nowMs += 60;
        for (long key = 0; key < 10; key++) { // 10 keys renewed; their lists get a second, younger element
            backend.setCurrentKey(keys.apply(key));
            value.update(-key);
            list.add(-key);
        }
        nowMs += 40; // the first writes expired
        assertEquals(600, backend.numEntries(), "nothing read, nothing cleaned up yet");
        HeapKeyedStateBackend<K> restored = snapshotBytes(backend).restoreInto(backend(keyCodec));
        ValueState<Long> value2 = restored.getState(with(new ValueStateDescriptor<>("v", LONG), config));
        ListState<Long> list2 = restored.getListState(with(new ListStateDescriptor<>("l", LONG), config));
        assertEquals(20, restored.numEntries(), "the snapshot left out the 290 expired values and lists");
        for (long key = 0; key < 10; key++) {
            restored.setCurrentKey(keys.apply(key));
            assertEquals(-key, value2.value());
            assertEquals(List.of(-key), listOf(list2.get()), "the expired first element was left out");
        }
    }

    @Test
    void shouldKeepEachValuesTimeAcrossARestore() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        StateTtlConfig config = ttl().build();
        ValueState<Long> state = backend.getState(with(new ValueStateDescriptor<>("v", LONG), config));
        backend.setCurrentKey(1L);
        state.update(1L);
        nowMs += 50;
        backend.setCurrentKey(2L);
        state.update(2L);
        HeapKeyedStateBackend<Long> restored = snapshotBytes(backend).restoreInto(backend(Codecs.LONG));
        ValueState<Long> state2 = restored.getState(with(new ValueStateDescriptor<>("v", LONG), config));
        nowMs += 50;
        restored.setCurrentKey(2L);
        assertEquals(2L, state2.value());
        restored.setCurrentKey(1L);
        assertNull(state2.value(), "written 100 ms ago, before the snapshot: a restore does not renew it");
    }

    @Test
    void shouldRefuseToRestoreStateWithoutTtlIntoStateWithTtlNamingBothTypes() {
        HeapKeyedStateBackend<Long> backend = backend(Codecs.LONG);
        ValueState<Long> plain = backend.getState(new ValueStateDescriptor<>("v", LONG));
        backend.setCurrentKey(1L);
        plain.update(1L);
        HeapKeyedStateBackend<Long> restored = snapshotBytes(backend).restoreInto(backend(Codecs.LONG));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> restored.getState(with(new ValueStateDescriptor<>("v", LONG), ttl().build())));
        assertTrue(e.getMessage().contains("ttl("), e.getMessage());
    }

    @Test
    void shouldRefuseATtlOnOperatorState() {
        OperatorStateBackend operatorState = new OperatorStateBackend();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> operatorState.getListState(with(new ListStateDescriptor<>("l", LONG), ttl().build())));
        assertTrue(e.getMessage().contains("keyed state only"), e.getMessage());
    }

    @Test
    void shouldRejectAZeroTtlAndAZeroCleanupSize() {
        assertThrows(IllegalArgumentException.class, () -> StateTtlConfig.newBuilder(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ttl().cleanupIncrementally(0, false));
    }

    private static <K> SnapshotBytes snapshotBytes(HeapKeyedStateBackend<K> backend) {
        KeyedStateSnapshot snapshot = backend.snapshot();
        try {
            return SnapshotBytes.of(snapshot);
        } finally {
            snapshot.release();
        }
    }

    private static List<Long> listOf(Iterable<Long> values) {
        List<Long> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    private static Map<String, Long> mapOf(MapState<String, Long> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.entries().forEach(e -> copy.put(e.getKey(), e.getValue()));
        return copy;
    }

    private static final class Count implements AggregateFunction<Long, Long, Long> {
        @Override
        public Long createAccumulator() {
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
}
