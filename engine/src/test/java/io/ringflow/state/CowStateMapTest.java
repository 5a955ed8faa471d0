package io.ringflow.state;

import io.ringflow.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CowStateMapTest {
    private static final int SAME_HASH = 5;

    private final SnapshotVersions versions = new SnapshotVersions();
    @SuppressWarnings("unchecked")
    private final CowStateMap<Long, long[]> map = new CowStateMap<>(versions,
        (StateValueCodec<long[]>) StateValueCodec.forDescriptor(new ValueStateDescriptor<>("v", LONG_ARRAY)));

    @SuppressWarnings("unchecked")
    private final CowStateMap<Long, long[]> longKeyMap = new CowStateMap<>(versions,
        (StateValueCodec<long[]>) StateValueCodec.forDescriptor(new ValueStateDescriptor<>("v", LONG_ARRAY)), true);

    @Test
    void shouldTellLongKeysOfOneBucketApartByValueWhateverTheKeyObject() {
        for (long key = 1000; key < 1008; key++) {
            longKeyMap.put(Long.valueOf(key), SAME_HASH, new long[] {key});
        }
        for (long key = 1000; key < 1008; key++) {
            assertArrayEquals(new long[] {key}, longKeyMap.get(Long.valueOf(key), SAME_HASH), "key " + key);
        }
        assertNull(longKeyMap.get(1008L, SAME_HASH));
        longKeyMap.put(Long.valueOf(1003), SAME_HASH, new long[] {-3});
        assertTrue(longKeyMap.remove(Long.valueOf(1005), SAME_HASH));
        assertEquals(7, longKeyMap.size());
        assertArrayEquals(new long[] {-3}, longKeyMap.get(1003L, SAME_HASH));
        assertNull(longKeyMap.get(1005L, SAME_HASH));
    }

    @Test
    void shouldNotWriteTheEntryFoundByAGetWhenASnapshotBeganBeforeThePut() {
        Long key = 2000L;
        longKeyMap.put(key, SAME_HASH, new long[] {1});
        long[] value = longKeyMap.get(key, SAME_HASH);
        versions.begin();
        StateEntry<Long, long[]>[] pinned = longKeyMap.table();
        longKeyMap.put(key, SAME_HASH, new long[] {value[0] + 1});
        assertEquals(Map.of(2000L, 1L), content(pinned));
        assertArrayEquals(new long[] {2}, longKeyMap.get(key, SAME_HASH));
    }

    @Test
    void shouldPutAKeyAgainAfterItsFoundEntryWasRemoved() {
        Long key = 3000L;
        longKeyMap.put(key, SAME_HASH, new long[] {1});
        longKeyMap.get(key, SAME_HASH);
        longKeyMap.remove(key, SAME_HASH);
        longKeyMap.put(key, SAME_HASH, new long[] {7});
        assertEquals(1, longKeyMap.size());
        assertArrayEquals(new long[] {7}, longKeyMap.get(key, SAME_HASH));
        assertEquals(Map.of(3000L, 7L), content(longKeyMap.table()));
    }

    @Test
    void shouldCopyTheChainUpToAWrittenEntryAndLeaveThePinnedChainAlone() {
        for (long key = 0; key < 8; key++) {
            map.put(key, SAME_HASH, new long[] {key});
        }
        versions.begin();
        StateEntry<Long, long[]>[] pinned = map.table();
        Map<Long, Long> before = content(pinned);

        map.put(3L, SAME_HASH, new long[] {30});
        map.get(5L, SAME_HASH)[0] = 50;
        map.remove(7L, SAME_HASH);
        map.remove(0L, SAME_HASH);
        map.put(100L, SAME_HASH, new long[] {100});

        assertEquals(before, content(pinned));
        assertArrayEquals(new long[] {30}, map.get(3L, SAME_HASH));
        assertArrayEquals(new long[] {50}, map.get(5L, SAME_HASH));
        assertArrayEquals(new long[] {1}, map.get(1L, SAME_HASH));
        assertNull(map.get(7L, SAME_HASH));
        assertNull(map.get(0L, SAME_HASH));
        assertEquals(7, map.size());
        assertEquals(Map.of(1L, 1L, 2L, 2L, 3L, 30L, 4L, 4L, 5L, 50L, 6L, 6L, 100L, 100L), content(map.table()));
    }

    @Test
    void shouldLeaveThePinnedTableAloneWhenGrowing() {
        for (long key = 0; key < 10; key++) {
            map.put(key, (int) key * 31, new long[] {key});
        }
        versions.begin();
        StateEntry<Long, long[]>[] pinned = map.table();
        Map<Long, Long> before = content(pinned);
        for (long key = 10; key < 1000; key++) {
            map.put(key, (int) key * 31, new long[] {key});
        }
        map.get(4L, 4 * 31)[0] = -1;
        assertEquals(before, content(pinned));
        assertEquals(1000, content(map.table()).size());
        assertArrayEquals(new long[] {-1}, map.get(4L, 4 * 31));
    }

    @Test
    void shouldWriteInPlaceOnceTheSnapshotIsReleased() {
        map.put(1L, SAME_HASH, new long[] {1});
        int version = versions.begin();
        long[] shared = map.table()[SAME_HASH].value;
        versions.release(version);
        assertSame(shared, map.get(1L, SAME_HASH), "no snapshot reads it any more, so no copy");
    }

    private static Map<Long, Long> content(StateEntry<Long, long[]>[] table) {
        Map<Long, Long> content = new TreeMap<>();
        for (StateEntry<Long, long[]> head : table) {
            for (StateEntry<Long, long[]> e = head; e != null; e = e.next) {
                content.put(e.key, e.value[0]);
            }
        }
        return content;
    }
}
