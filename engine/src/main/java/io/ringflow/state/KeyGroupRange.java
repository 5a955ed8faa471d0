package io.ringflow.state;

import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * A contiguous, inclusive range of key groups {@code [start, end]}: the key groups one parallel
 * instance owns. Immutable.
 */
public final class KeyGroupRange implements Iterable<Integer> {
    private final int start;
    private final int end;

    /**
     * @param start first key group, {@code >= 0}
     * @param end   last key group, inclusive, {@code >= start}
     */
    public KeyGroupRange(int start, int end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid key group range [" + start + ", " + end
                + "]: need 0 <= start <= end");
        }
        this.start = start;
        this.end = end;
    }

    /** All key groups of a job with {@code maxParallelism}: {@code [0, maxParallelism - 1]}. */
    public static KeyGroupRange all(int maxParallelism) {
        KeyGroups.checkMaxParallelism(maxParallelism);
        return new KeyGroupRange(0, maxParallelism - 1);
    }

    /** The first key group. */
    public int start() {
        return start;
    }

    /** The last key group, inclusive. */
    public int end() {
        return end;
    }

    /** The number of key groups. */
    public int size() {
        return end - start + 1;
    }

    /** True when {@code keyGroup} lies in this range. */
    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    /** The key groups in ascending order. */
    @Override
    public PrimitiveIterator.OfInt iterator() {
        return new PrimitiveIterator.OfInt() {
            private int next = start;

            @Override
            public boolean hasNext() {
                return next <= end;
            }

            @Override
            public int nextInt() {
                if (next > end) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyGroupRange r && r.start == start && r.end == end;
    }

    @Override
    public int hashCode() {
        return 31 * start + end;
    }

    @Override
    public String toString() {
        return "KeyGroupRange[" + start + ".." + end + "]";
    }
}
