package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyGroupsTest {
    @Test
    void shouldMurmurHashLikeFlink() {
        // Values of Flink's MathUtils.murmurHash, computed independently.
        assertEquals(MURMUR_0, KeyGroups.murmurHash(0));
        assertEquals(MURMUR_1, KeyGroups.murmurHash(1));
        assertEquals(MURMUR_42, KeyGroups.murmurHash(42));
        assertEquals(MURMUR_MINUS_1, KeyGroups.murmurHash(-1));
    }

    @Test
    void shouldAssignKeyGroupFromHashCode() {
        assertEquals(MURMUR_42 % 128, KeyGroups.assignToKeyGroup(42, 128));
        assertEquals(MURMUR_42 % 10, KeyGroups.assignToKeyGroup(42L, 10)); // Long.hashCode(42) == 42
        assertEquals(MURMUR_0 % 7, KeyGroups.assignToKeyGroup("", 7));
        for (int key = -1000; key < 1000; key++) {
            int kg = KeyGroups.assignToKeyGroup(key, 128);
            assertTrue(kg >= 0 && kg < 128);
        }
    }

    @Test
    void shouldRejectNullKeyNamingTheFix() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> KeyGroups.assignToKeyGroup(null, 128));
        assertTrue(e.getMessage().contains("non-null"), e.getMessage());
        assertTrue(e.getMessage().contains("filter"), e.getMessage());
    }

    @Test
    void shouldComputeRangesLikeFlink() {
        // maxParallelism 128, parallelism 3: starts (i*128+2)/3, ends ((i+1)*128-1)/3
        assertEquals(new KeyGroupRange(0, 42), KeyGroups.rangeForSubtask(128, 3, 0));
        assertEquals(new KeyGroupRange(43, 85), KeyGroups.rangeForSubtask(128, 3, 1));
        assertEquals(new KeyGroupRange(86, 127), KeyGroups.rangeForSubtask(128, 3, 2));
        assertEquals(new KeyGroupRange(0, 9), KeyGroups.rangeForSubtask(10, 1, 0));
        assertEquals(new KeyGroupRange(3, 4), KeyGroups.rangeForSubtask(10, 4, 1));
        assertEquals(new KeyGroupRange(8, 9), KeyGroups.rangeForSubtask(10, 4, 3));
    }

    @Test
    void shouldMapKeyGroupsToTheSubtaskWhoseRangeHoldsThem() {
        assertEquals(0, KeyGroups.subtaskForKeyGroup(128, 3, 42));
        assertEquals(1, KeyGroups.subtaskForKeyGroup(128, 3, 43));
        assertEquals(1, KeyGroups.subtaskForKeyGroup(128, 3, 85));
        assertEquals(2, KeyGroups.subtaskForKeyGroup(128, 3, 86));
        for (int p = 1; p <= 17; p++) {
            for (int kg = 0; kg < 128; kg++) {
                int subtask = KeyGroups.subtaskForKeyGroup(128, p, kg);
                assertTrue(KeyGroups.rangeForSubtask(128, p, subtask).contains(kg), p + "/" + kg);
            }
        }
    }

    @Test
    void shouldRejectParallelismAboveMaxParallelismNamingBothAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KeyGroups.rangeForSubtask(4, 5, 0));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
        assertTrue(e.getMessage().contains("setMaxParallelism"), e.getMessage());
    }

    @Test
    void shouldRejectMaxParallelismOutsideItsBounds() {
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.rangeForSubtask(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.rangeForSubtask(32769, 1, 0));
        assertEquals(new KeyGroupRange(0, 32767), KeyGroups.rangeForSubtask(32768, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.rangeForSubtask(128, 2, 2));
    }

    @Test
    void shouldIterateContainAndSizeARange() {
        KeyGroupRange range = new KeyGroupRange(3, 6);
        List<Integer> groups = new ArrayList<>();
        range.forEach(groups::add);
        assertEquals(List.of(3, 4, 5, 6), groups);
        assertEquals(4, range.size());
        assertTrue(range.contains(3) && range.contains(6));
        assertFalse(range.contains(2) || range.contains(7));
        assertTrue(new KeyGroupRange(5, 4).isEmpty(), "one before the start: the empty range, as an intersection gives");
        assertThrows(IllegalArgumentException.class, () -> new KeyGroupRange(5, 3));
        assertThrows(IllegalArgumentException.class, () -> new KeyGroupRange(-1, 3));
    }

    private static final int MURMUR_0 = 593689054;
    private static final int MURMUR_1 = 68075478;
    private static final int MURMUR_42 = 1134849565;
    private static final int MURMUR_MINUS_1 = 1982413648;
}
