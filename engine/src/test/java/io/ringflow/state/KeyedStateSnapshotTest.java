package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ringflow.state.HeapKeyedStateBackendTest.list;
import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copy-on-write: a snapshot encodes the state as it was when taken, whatever the task does after. */
class KeyedStateSnapshotTest {
    private static final int KEYS = 2000;
    private static final int PINNABLE = 3000;

    private final HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(LONG, 128, KeyGroupRange.all(128));
    private final ValueState<long[]> arrays = backend.getState(new ValueStateDescriptor<>("arrays", LONG_ARRAY));
    private final ValueState<Long> counts = backend.getState(new ValueStateDescriptor<>("counts", LONG));
    private final ListState<String> lists = backend.getListState(new ListStateDescriptor<>("lists", STRING));
    private final MapState<String, long[]> maps = backend.getMapState(new MapStateDescriptor<>("maps", STRING, LONG_ARRAY));

    @Test
    void shouldEncodeThePreSnapshotContentWhileLiveStateMovesOn() {
        fill(0, KEYS, 1);
        KeyedStateSnapshot snapshot = backend.snapshot();
        mutate();

        assertContent(SnapshotBytes.of(snapshot).restoreInto(newBackend()), 0, KEYS, 1, -1);
        assertMutated(backend);
        snapshot.release();
        assertEquals(0, backend.liveSnapshots());

        KeyedStateSnapshot second = backend.snapshot();
        HeapKeyedStateBackend<Long> before = SnapshotBytes.of(second).restoreInto(newBackend());
        fill(0, KEYS + 500, 7);
        assertMutated(SnapshotBytes.of(second).restoreInto(newBackend()));
        assertMutated(before);
        second.release();
    }

    /**
     * A task that sets few keys between snapshots gets them pinned (no pause to encode, few
     * copies); one writing all over its state gets them encoded at once. Both hold the content
     * as of the snapshot.
     */
    @Test
    void shouldPinWhenTheTaskWritesFewKeysAndEncodeAtOnceWhenItWritesAllOver() {
        long[] now = {1_000_000_000L};
        backend.setClock(() -> now[0]);
        fill(0, PINNABLE, 1); // 4 states: 12,000 entries
        KeyedStateSnapshot first = backend.snapshot();
        assertTrue(first.isMaterialized(), "no write rate known yet: encoded at once");
        first.release();

        now[0] += 1_000_000_000L;
        fill(0, 10, 1); // 10 keys in a second, a pinned snapshot assumed live 5 ms: far below an eighth of the entries
        KeyedStateSnapshot quiet = backend.snapshot();
        assertFalse(quiet.isMaterialized(), "few writes: pinned, copied on write");
        mutate();
        assertContent(SnapshotBytes.of(quiet).restoreInto(newBackend()), 0, PINNABLE, 1, -1);
        now[0] += 5_000_000L; // written in 5 ms
        quiet.release();
        assertEquals(0, backend.liveSnapshots());

        now[0] += 100_000L;
        fill(0, PINNABLE, 2);
        fill(0, PINNABLE, 2);
        fill(0, PINNABLE, 3); // every key three times in 5.1 ms: all of them would be copied while live
        KeyedStateSnapshot busy = backend.snapshot();
        assertTrue(busy.isMaterialized(), "writes all over the state: encoded at once");
        assertContent(SnapshotBytes.of(busy).restoreInto(newBackend()), 0, PINNABLE, 3, -1);
        busy.release();

        HeapKeyedStateBackend<Long> smallState = newBackend(); // under 8,192 entries: not worth pinning
        smallState.setClock(() -> now[0]);
        ValueState<Long> values = smallState.getState(new ValueStateDescriptor<>("values", LONG));
        for (long key = 0; key < 5000; key++) {
            smallState.setCurrentKey(key);
            values.update(key);
        }
        smallState.snapshot().release();
        now[0] += 1_000_000_000L;
        smallState.setCurrentKey(7L);
        values.update(8L);
        KeyedStateSnapshot small = smallState.snapshot();
        assertTrue(small.isMaterialized(), "few writes, but 5,000 entries: encoded at once");
        small.release();
    }

    /**
     * Time the writer spends on other writes of a pinned snapshot (the process's warm-up) does not
     * count as the snapshot being live: else the next one, of a task writing at a moderate rate,
     * would look costly to pin and be encoded on the task instead.
     */
    @Test
    void shouldLeaveTheWarmUpsWritesOutOfHowLongASnapshotStayedLive() {
        long[] now = {1_000_000_000L};
        backend.setClock(() -> now[0]);
        fill(0, PINNABLE, 1);
        backend.snapshot().release(); // no write rate known yet: encoded at once
        now[0] += 1_000_000_000L;
        fill(0, 10, 1);
        KeyedStateSnapshot warmed = backend.snapshot();
        assertFalse(warmed.isMaterialized(), "few writes: pinned");
        now[0] += 200_000_000L; // the writer's warm-up passes over it
        warmed.notLiveFor(200_000_000L);
        now[0] += 5_000_000L; // then its own write
        warmed.release();

        now[0] += 100_000_000L;
        for (int round = 2; round <= 5; round++) {
            fill(0, PINNABLE, round); // 12,000 keys set in 0.3 s: about 200 copies in 5 ms live, 8,000 in 205 ms
        }
        KeyedStateSnapshot next = backend.snapshot();
        assertFalse(next.isMaterialized(), "live 5 ms, not the 205 ms the warm-up took: pinned");
        assertContent(SnapshotBytes.of(next).restoreInto(newBackend()), 0, PINNABLE, 5, -1);
        next.release();
    }

    @Test
    void shouldNotLeakInPlaceMutationOfAReadValueIntoTheSnapshot() {
        fill(0, 10, 1);
        KeyedStateSnapshot snapshot = backend.snapshot();
        backend.setCurrentKey(3L);
        long[] live = arrays.value();
        live[0] = -5;
        assertEquals(-5, arrays.value()[0], "the copy made on read is the live value from now on");
        maps.get("k")[1] = -6;
        assertEquals(-6, maps.get("k")[1]);
        assertContent(SnapshotBytes.of(snapshot).restoreInto(newBackend()), 0, 10, 1, -1);
        snapshot.release();
    }

    @Test
    void shouldMatchAModelUnderRandomWritesAndOverlappingSnapshots() {
        Random random = new Random(42);
        Map<Long, Long> model = new HashMap<>();
        Map<Long, Long> atFirst = null;
        Map<Long, Long> atSecond = null;
        KeyedStateSnapshot first = null;
        KeyedStateSnapshot second = null;
        for (int op = 0; op < 60_000; op++) {
            long key = random.nextInt(3000);
            backend.setCurrentKey(key);
            if (random.nextInt(4) == 0) {
                counts.clear();
                model.remove(key);
            } else {
                counts.update(key + op);
                model.put(key, key + op);
            }
            if (op == 20_000) {
                first = backend.snapshot();
                atFirst = new HashMap<>(model);
            } else if (op == 40_000) {
                second = backend.snapshot();
                atSecond = new HashMap<>(model);
            } else if (op == 50_000) {
                assertCounts(SnapshotBytes.of(second).restoreInto(newBackend()), atSecond);
                second.release();
            }
        }
        assertCounts(SnapshotBytes.of(first).restoreInto(newBackend()), atFirst);
        assertCounts(backend, model);
        first.release();
    }

    @Test
    void shouldWriteOnAnotherThreadWhileTheTaskWrites() throws Exception {
        fill(0, KEYS, 1);
        KeyedStateSnapshot snapshot = backend.snapshot();
        CompletableFuture<SnapshotBytes> written = CompletableFuture.supplyAsync(() -> SnapshotBytes.of(snapshot));
        for (int round = 0; round < 20; round++) {
            mutate();
        }
        SnapshotBytes bytes = written.get(10, TimeUnit.SECONDS);
        assertContent(bytes.restoreInto(newBackend()), 0, KEYS, 1, -1);
        snapshot.release();
    }

    @Test
    void shouldRefuseToWriteAReleasedSnapshot() {
        KeyedStateSnapshot snapshot = backend.snapshot();
        snapshot.release();
        snapshot.release();
        assertThrows(IllegalStateException.class, () -> SnapshotBytes.of(snapshot));
    }

    /** Keys [from, to) get arrays {key, tag}, count key*tag, list [tag, key], map {k: {key, tag}}. */
    private void fill(long from, long to, long tag) {
        for (long key = from; key < to; key++) {
            backend.setCurrentKey(key);
            arrays.update(new long[] {key, tag});
            counts.update(key * tag);
            lists.update(List.of("t" + tag, "k" + key));
            maps.put("k", new long[] {key, tag});
        }
    }

    /** In-place changes to the first half, removal of a tenth, new keys, and a new state. */
    private void mutate() {
        for (long key = 0; key < KEYS / 2; key++) {
            backend.setCurrentKey(key);
            arrays.value()[1] = 2;
            counts.update(key * 2);
            lists.add("more");
            maps.get("k")[1] = 2;
        }
        for (long key = KEYS / 2; key < KEYS / 2 + KEYS / 10; key++) {
            backend.setCurrentKey(key);
            arrays.clear();
            counts.clear();
            lists.clear();
            maps.clear();
        }
        for (long key = KEYS; key < KEYS + 300; key++) {
            backend.setCurrentKey(key);
            arrays.update(new long[] {key, 3});
        }
        backend.getState(new ValueStateDescriptor<>("late", LONG)).update(1L);
    }

    private void assertMutated(HeapKeyedStateBackend<Long> state) {
        assertContent(state, 0, KEYS / 2, 1, 2);
        assertContent(state, KEYS / 2 + KEYS / 10, KEYS, 1, -1);
        ValueState<long[]> restoredArrays = state.getState(new ValueStateDescriptor<>("arrays", LONG_ARRAY));
        for (long key = KEYS / 2; key < KEYS / 2 + KEYS / 10; key++) {
            state.setCurrentKey(key);
            assertNull(restoredArrays.value());
        }
        assertEquals(KEYS - KEYS / 10 + 300, state.numKeys("arrays"));
    }

    /** Checks keys [from, to) hold what {@link #fill} wrote with {@code tag}, updated by mutate() if {@code mutated > 0}. */
    private static void assertContent(HeapKeyedStateBackend<Long> state, long from, long to, long tag, long mutated) {
        ValueState<long[]> a = state.getState(new ValueStateDescriptor<>("arrays", LONG_ARRAY));
        ValueState<Long> c = state.getState(new ValueStateDescriptor<>("counts", LONG));
        ListState<String> l = state.getListState(new ListStateDescriptor<>("lists", STRING));
        MapState<String, long[]> m = state.getMapState(new MapStateDescriptor<>("maps", STRING, LONG_ARRAY));
        long expectedTag = mutated > 0 ? mutated : tag;
        for (long key = from; key < to; key++) {
            state.setCurrentKey(key);
            assertArrayEquals(new long[] {key, expectedTag}, a.value(), "key " + key);
            assertEquals(key * expectedTag, c.value(), "key " + key);
            List<String> expectedList = mutated > 0 ? List.of("t" + tag, "k" + key, "more") : List.of("t" + tag, "k" + key);
            assertEquals(expectedList, list(l.get()), "key " + key);
            assertArrayEquals(new long[] {key, expectedTag}, m.get("k"), "key " + key);
        }
    }

    private static void assertCounts(HeapKeyedStateBackend<Long> state, Map<Long, Long> expected) {
        ValueState<Long> c = state.getState(new ValueStateDescriptor<>("counts", LONG));
        assertEquals(expected.size(), state.numKeys("counts"));
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            state.setCurrentKey(e.getKey());
            assertEquals(e.getValue(), c.value(), "key " + e.getKey());
        }
    }

    private static HeapKeyedStateBackend<Long> newBackend() {
        return new HeapKeyedStateBackend<>(LONG, 128, KeyGroupRange.all(128));
    }
}
