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

    @Test
    void shouldCopyTheChainUpToAWrittenEntryAndLeaveThePinnedChainAlone() {
        for (long key = 0; key < 8; key++) {
            map.put(key, SAME_HASH, new long[] {key});
        }
        versions.begin();
        StateMap.Pinned<Long, long[]> pinned = map.pin();
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
        assertEquals(Map.of(1L, 1L, 2L, 2L, 3L, 30L, 4L, 4L, 5L, 50L, 6L, 6L, 100L, 100L), content(map.pin()));
    }

    @Test
    void shouldLeaveThePinnedTableAloneWhenGrowing() {
        for (long key = 0; key < 10; key++) {
            map.put(key, (int) key * 31, new long[] {key});
        }
        versions.begin();
        StateMap.Pinned<Long, long[]> pinned = map.pin();
        Map<Long, Long> before = content(pinned);
        for (long key = 10; key < 1000; key++) {
            map.put(key, (int) key * 31, new long[] {key});
        }
        map.get(4L, 4 * 31)[0] = -1;
        assertEquals(before, content(pinned));
        assertEquals(1000, content(map.pin()).size());
        assertArrayEquals(new long[] {-1}, map.get(4L, 4 * 31));
    }

    @Test
    void shouldWriteInPlaceOnceTheSnapshotIsReleased() {
        map.put(1L, SAME_HASH, new long[] {1});
        int version = versions.begin();
        long[] shared = map.pin().lookup(1L, SAME_HASH);
        versions.release(version);
        assertSame(shared, map.get(1L, SAME_HASH), "no snapshot reads it any more, so no copy");
    }

    private static Map<Long, Long> content(StateMap.Pinned<Long, long[]> pinned) {
        Map<Long, Long> content = new TreeMap<>();
        pinned.forEach((key, value) -> content.put(key, value[0]));
        return content;
    }
}
