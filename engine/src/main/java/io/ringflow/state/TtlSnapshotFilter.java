package io.ringflow.state;

import io.ringflow.api.state.StateDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-key values of a state with a time-to-live and {@code cleanupFullSnapshot}: as the kind's
 * own codec writes them, leaving out of full snapshots what expired by the time it is written
 * (a value, list elements, map entries), as Flink's full-snapshot cleanup does.
 */
final class TtlSnapshotFilter<V> extends StateValueCodec<V> {
    private final StateValueCodec<V> values;
    private final StateDescriptor.Kind kind;
    private final long ttlMs;
    private final LongSupplier nowMs;

    TtlSnapshotFilter(StateValueCodec<V> values, StateDescriptor.Kind kind, long ttlMs, LongSupplier nowMs) {
        this.values = values;
        this.kind = kind;
        this.ttlMs = ttlMs;
        this.nowMs = nowMs;
    }

    @Override
    boolean filtersSnapshots() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    V forSnapshot(V value) {
        long now = nowMs.getAsLong();
        return switch (kind) {
            case VALUE, REDUCING, AGGREGATING -> ((TtlValue<?>) value).expiredAt(now, ttlMs) ? null : value;
            case LIST -> (V) unexpired((ArrayList<TtlValue<?>>) value, now);
            case MAP -> (V) unexpired((HashMap<Object, TtlValue<?>>) value, now);
        };
    }

    private ArrayList<TtlValue<?>> unexpired(ArrayList<TtlValue<?>> list, long now) {
        ArrayList<TtlValue<?>> kept = null;
        for (int i = 0; i < list.size(); i++) {
            TtlValue<?> element = list.get(i);
            if (element.expiredAt(now, ttlMs)) {
                if (kept == null) {
                    kept = new ArrayList<>(list.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(element);
            }
        }
        return kept == null ? list : kept.isEmpty() ? null : kept;
    }

    private HashMap<Object, TtlValue<?>> unexpired(HashMap<Object, TtlValue<?>> map, long now) {
        HashMap<Object, TtlValue<?>> kept = null;
        for (Map.Entry<Object, TtlValue<?>> e : map.entrySet()) {
            if (e.getValue().expiredAt(now, ttlMs)) {
                if (kept == null) {
                    kept = new HashMap<>(map);
                }
                kept.remove(e.getKey());
            }
        }
        return kept == null ? map : kept.isEmpty() ? null : kept;
    }

    @Override
    boolean isImmutable() {
        return values.isImmutable();
    }

    @Override
    V copy(V value) {
        return values.copy(value);
    }

    @Override
    void write(V value, BlockWriter out) {
        values.write(value, out);
    }

    @Override
    V read(BlockReader in) {
        return values.read(in);
    }
}
