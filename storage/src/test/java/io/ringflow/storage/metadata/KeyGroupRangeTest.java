package io.ringflow.storage.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyGroupRangeTest {
    @ParameterizedTest
    @CsvSource({"128,1", "128,3", "128,7", "128,128", "8,2", "10,4"})
    void shouldCoverEveryKeyGroupExactlyOnce(int maxParallelism, int parallelism) {
        int next = 0;
        for (int i = 0; i < parallelism; i++) {
            KeyGroupRange range = KeyGroupRange.forSubtask(maxParallelism, parallelism, i);
            assertEquals(next, range.start(), "subtask " + i);
            assertTrue(range.size() >= maxParallelism / parallelism, "balanced: " + range);
            next = range.end() + 1;
        }
        assertEquals(maxParallelism, next);
    }

    @ParameterizedTest
    @CsvSource({"0,9,5,20,5,9", "0,4,5,9,5,4", "3,8,0,100,3,8"})
    void shouldIntersect(int s1, int e1, int s2, int e2, int s, int e) {
        KeyGroupRange overlap = new KeyGroupRange(s1, e1).intersect(new KeyGroupRange(s2, e2));

        assertEquals(s <= e ? new KeyGroupRange(s, e) : KeyGroupRange.EMPTY, overlap);
    }

    @ParameterizedTest
    @CsvSource({"128,0,0", "128,2,2", "4,8,0", "128,2,-1"})
    void shouldRejectASubtaskOutsideTheParallelism(int maxParallelism, int parallelism, int subtask) {
        assertThrows(IllegalArgumentException.class,
            () -> KeyGroupRange.forSubtask(maxParallelism, parallelism, subtask));
    }
}
