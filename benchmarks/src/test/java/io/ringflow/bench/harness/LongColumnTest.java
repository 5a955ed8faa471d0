package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LongColumnTest {
    @Test
    void shouldKeepAColumnAcrossItsChunks() {
        LongColumn column = new LongColumn();
        for (long value = 0; value < 150_000; value++) {
            column.add(value * 3);
        }

        assertEquals(150_000, column.size());
        for (int index : new int[] {0, 65_535, 65_536, 131_071, 131_072, 149_999}) {
            assertEquals(index * 3L, column.get(index), "at " + index);
        }
        assertArrayEquals(new long[] {196_605, 3, 196_608}, column.at(new int[] {65_535, 1, 65_536}));
    }
}
