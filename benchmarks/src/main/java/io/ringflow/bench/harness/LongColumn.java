package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Longs in chunks of 512 KB that are never copied: with G1's 1 MB regions (a 2 GB heap) each
 * chunk is humongous, allocated in the old generation, so a young collection copies none. The
 * harness keeps a row per checkpoint of a window in such columns (W5: 60,000); as objects, every one
 * young at 1,000 checkpoints a second, they made each young collection copy megabytes for the harness alone.
 */
final class LongColumn {
    private static final int CHUNK = 1 << 16;
    private final List<long[]> chunks = new ArrayList<>();
    private int size;

    void add(long value) {
        if (size == chunks.size() * CHUNK) {
            chunks.add(new long[CHUNK]);
        }
        chunks.get(size / CHUNK)[size % CHUNK] = value;
        size++;
    }

    long get(int index) {
        return chunks.get(index / CHUNK)[index % CHUNK];
    }

    int size() {
        return size;
    }

    /** The values at {@code rows}. */
    long[] at(int[] rows) {
        long[] values = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = get(rows[i]);
        }
        return values;
    }
}
