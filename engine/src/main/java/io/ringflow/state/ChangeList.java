package io.ringflow.state;

import java.util.Arrays;
import org.agrona.collections.LongArrayList;

/**
 * The keys a {@link PrimitiveKeyStateMap} changed in one snapshot interval, as primitive longs,
 * each with the value the map held for it when the interval ended (null: removed). The map keeps
 * a listed key's value current as it stores new ones, so an incremental snapshot writes its
 * changes from this list alone: no lookup in the table, whose cache lines a large state misses
 * one by one. Where a key is listed twice (removed and put again), the later entry holds.
 */
final class ChangeList extends LongArrayList {
    private Object[] values;

    ChangeList(int capacity) {
        super(capacity, Long.MIN_VALUE);
        values = new Object[capacity];
    }

    /** Lists {@code key} with {@code value} (null: removed); returns where. */
    int add(long key, Object value) {
        int index = size();
        addLong(key);
        if (index == values.length) {
            values = Arrays.copyOf(values, Math.max(4, index << 1));
        }
        values[index] = value;
        return index;
    }

    /** The values array, longer than {@link #size()}: for loads ahead of the encoding loop. */
    Object[] values() {
        return values;
    }

    Object valueAt(int index) {
        return values[index];
    }

    void setValue(int index, Object value) {
        values[index] = value;
    }
}
