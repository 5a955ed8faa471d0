package io.ringflow.state;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimitiveKeyStateMapTest {
    private final SnapshotVersions versions = new SnapshotVersions();

    @SuppressWarnings("unchecked")
    private final StateValueCodec<long[]> arrays =
        (StateValueCodec<long[]>) StateValueCodec.forDescriptor(new ValueStateDescriptor<>("v", LONG_ARRAY));

    @Test
    void shouldBeChosenForLongAndIntegerKeysOnly() {
        assertInstanceOf(PrimitiveKeyStateMap.class, StateMap.create(versions, arrays, Long.class));
        assertInstanceOf(PrimitiveKeyStateMap.class, StateMap.create(versions, arrays, Integer.class));
        assertInstanceOf(CowStateMap.class, StateMap.create(versions, arrays, String.class));
    }

    /** Random puts, in-place changes and removes against a HashMap; every live snapshot must keep what it pinned. */
    @Test
    void shouldMatchAHashMapAndLeaveEveryPinnedViewAloneUnderRandomWrites() {
        for (boolean intKeys : new boolean[] {false, true}) {
            for (long seed = 1; seed <= 6; seed++) {
                runModel(intKeys, seed);
            }
        }
    }

    private void runModel(boolean intKeys, long seed) {
        SnapshotVersions clock = new SnapshotVersions();
        PrimitiveKeyStateMap<Object, long[]> map = new PrimitiveKeyStateMap<>(clock, arrays, intKeys);
        Map<Long, Long> model = new HashMap<>();
        Deque<Pinned> live = new ArrayDeque<>();
        Random random = new Random(seed);
        int keySpace = 50 + random.nextInt(3000); // few keys: long probe runs, removals shifting them back
        for (int step = 0; step < 40_000; step++) {
            long k = random.nextInt(keySpace) - keySpace / 2;
            Object key = intKeys ? (Object) (int) k : (Object) k;
            int op = random.nextInt(100);
            if (op < 40) {
                long v = random.nextLong();
                map.put(key, 0, new long[] {v});
                model.put(k, v);
            } else if (op < 65) {
                long[] value = map.get(key, 0);
                Long expected = model.get(k);
                assertEquals(expected, value == null ? null : value[0], "seed " + seed + " step " + step + " key " + k);
                if (value != null) {
                    value[0]++; // in place, as a ValueState<long[]> user does
                    model.put(k, value[0]);
                    if (random.nextBoolean()) {
                        map.put(key, 0, value); // and writes it back, as W1's function does
                    }
                }
            } else if (op < 95) {
                assertEquals(model.remove(k) != null, map.remove(key, 0), "seed " + seed + " step " + step + " remove " + k);
            } else if (op < 98 || live.isEmpty()) {
                int version = clock.begin();
                live.add(new Pinned(version, map.pin(), new TreeMap<>(model)));
            } else {
                Pinned oldest = live.poll();
                assertEquals(oldest.expected, content(oldest.pinned), "seed " + seed + " snapshot " + oldest.version);
                clock.release(oldest.version);
            }
            assertEquals(model.size(), map.size());
        }
        for (Pinned p : live) {
            assertEquals(p.expected, content(p.pinned), "seed " + seed + " snapshot " + p.version);
        }
        assertEquals(new TreeMap<>(model), content(map.pin()));
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            Object key = intKeys ? (Object) e.getKey().intValue() : (Object) e.getKey();
            assertEquals(e.getValue(), map.pin().lookup(key, 0)[0]);
        }
    }

    @Test
    void shouldCopyAMutableValueOncePerSnapshotAndNotAfterItsRelease() {
        PrimitiveKeyStateMap<Long, long[]> map = new PrimitiveKeyStateMap<>(versions, arrays, false);
        map.put(1L, 0, new long[] {1});
        long[] before = map.get(1L, 0);
        int version = versions.begin();
        StateMap.Pinned<Long, long[]> pinned = map.pin();
        long[] copy = map.get(1L, 0);
        assertTrue(copy != before, "shared with the snapshot: copied");
        copy[0] = 2;
        assertSame(copy, map.get(1L, 0), "copied once per snapshot");
        assertArrayEquals(new long[] {1}, pinned.lookup(1L, 0));
        versions.release(version);
        assertSame(copy, map.get(1L, 0));
    }

    /** Keys written from the array must be the bytes the key codec frames: snapshots of either path restore alike. */
    @Test
    void shouldWriteEntriesAsTheKeyCodecFramesThem() {
        for (boolean intKeys : new boolean[] {false, true}) {
            PrimitiveKeyStateMap<Object, long[]> map = new PrimitiveKeyStateMap<>(versions, arrays, intKeys);
            for (long k = -300; k < 300; k += 7) {
                map.put(intKeys ? (Object) (int) k : (Object) k, 0, new long[] {k, k * k});
            }
            StateMap.Pinned<Object, long[]> pinned = map.pin();
            @SuppressWarnings("unchecked")
            io.ringflow.api.codec.Codec<Object> builtIn = (io.ringflow.api.codec.Codec<Object>) (intKeys ? (Object) Codecs.INT : Codecs.LONG);
            BlockWriter expected = new BlockWriter();
            int[] entries = {0};
            pinned.forEach((key, value) -> {
                expected.putFramed(builtIn, key);
                arrays.write(value, expected);
                entries[0]++;
            });
            BlockWriter actual = new BlockWriter();
            assertEquals(entries[0], pinned.writeEntries(builtIn, arrays, actual));
            assertEquals(expected.position(), actual.position(), "intKeys " + intKeys);
            byte[] want = new byte[expected.position()];
            byte[] got = new byte[actual.position()];
            expected.buffer().getBytes(0, want);
            actual.buffer().getBytes(0, got);
            assertArrayEquals(want, got, "intKeys " + intKeys);
        }
    }

    @Test
    void shouldKeepThePinnedPagesWhenGrowing() {
        PrimitiveKeyStateMap<Long, long[]> map = new PrimitiveKeyStateMap<>(versions, arrays, false);
        for (long key = 0; key < 10; key++) {
            map.put(key, 0, new long[] {key});
        }
        versions.begin();
        StateMap.Pinned<Long, long[]> pinned = map.pin();
        for (long key = 10; key < 5000; key++) {
            map.put(key, 0, new long[] {key});
        }
        map.get(4L, 0)[0] = -1;
        assertEquals(10, content(pinned).size());
        assertEquals(4L, content(pinned).get(4L));
        assertEquals(5000, content(map.pin()).size());
        assertEquals(-1L, content(map.pin()).get(4L));
    }

    @Test
    void shouldListEachChangedKeyOncePerInterval() {
        versions.trackChanges = true;
        PrimitiveKeyStateMap<Long, long[]> map = new PrimitiveKeyStateMap<>(versions, arrays, false);
        map.put(1L, 0, new long[] {1});
        map.get(1L, 0)[0] = 5;
        map.put(2L, 0, new long[] {2});
        assertEquals(List.of(1L, 2L), map.takeChanged());
        versions.begin();
        assertNull(map.takeChanged());
        map.get(2L, 0);
        map.get(2L, 0);
        assertEquals(List.of(2L), map.takeChanged());
        versions.begin();
        map.remove(1L, 0);
        map.put(1L, 0, new long[] {3});
        assertTrue(map.changedMayRepeat());
        assertEquals(List.of(1L, 1L), new ArrayList<>(map.takeChanged()));
    }

    @Test
    void shouldRefuseAKeyOfAnotherBoxedTypeThanTheStates() {
        HeapKeyedStateBackend<Integer> backend = new HeapKeyedStateBackend<>(Codecs.INT, 128, new KeyGroupRange(0, 127));
        @SuppressWarnings({"unchecked", "rawtypes"})
        HeapKeyedStateBackend<Object> raw = (HeapKeyedStateBackend) backend;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.setCurrentKey(7L));
        assertTrue(e.getMessage().contains("key type is Integer"), e.getMessage());
    }

    private static Map<Long, Long> content(StateMap.Pinned<?, long[]> pinned) {
        Map<Long, Long> content = new TreeMap<>();
        pinned.forEach((key, value) -> content.put(((Number) key).longValue(), value[0]));
        return content;
    }

    private record Pinned(int version, StateMap.Pinned<Object, long[]> pinned, Map<Long, Long> expected) {
    }
}
