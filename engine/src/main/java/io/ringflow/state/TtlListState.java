package io.ringflow.state;

import io.ringflow.api.state.ListState;
import io.ringflow.api.state.StateTtlConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link ListState} with a time-to-live per element: each element carries its own last access time. */
final class TtlListState<K, T> extends AbstractTtlState<K, ArrayList<TtlValue<T>>> implements ListState<T> {
    private final String name;

    TtlListState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, ArrayList<TtlValue<T>>> registered,
                 StateTtlConfig config) {
        super(backend, registered, config);
        this.name = registered.name();
    }

    @Override
    public Iterable<T> get() {
        cleanupOnAccess();
        ArrayList<TtlValue<T>> stored = current();
        if (stored == null) {
            return Collections.emptyList();
        }
        long now = now();
        List<T> visible = new ArrayList<>(stored.size());
        ArrayList<TtlValue<T>> kept = new ArrayList<>(stored.size());
        for (TtlValue<T> element : stored) {
            boolean expired = expired(element, now);
            if (!expired || returnExpired) {
                visible.add(element.value());
            }
            if (!expired) {
                kept.add(updateOnRead ? new TtlValue<>(element.value(), now) : element);
            }
        }
        if (kept.isEmpty()) {
            clear();
        } else if (kept.size() != stored.size() || updateOnRead) {
            store(kept);
        }
        return visible;
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements");
        cleanupOnAccess();
        ArrayList<TtlValue<T>> stored = current();
        if (stored == null) {
            stored = new ArrayList<>();
            store(stored);
        }
        stored.add(new TtlValue<>(value, now()));
    }

    @Override
    public void addAll(List<T> values) {
        if (values.isEmpty()) {
            return;
        }
        checkNoNulls(values);
        cleanupOnAccess();
        long now = now();
        ArrayList<TtlValue<T>> stored = current();
        ArrayList<TtlValue<T>> list = stored == null ? new ArrayList<>(values.size()) : stored;
        for (T value : values) {
            list.add(new TtlValue<>(value, now));
        }
        if (stored == null) {
            store(list);
        }
    }

    @Override
    public void update(List<T> values) {
        cleanupOnAccess();
        if (values == null || values.isEmpty()) {
            clear();
            return;
        }
        checkNoNulls(values);
        long now = now();
        ArrayList<TtlValue<T>> list = new ArrayList<>(values.size());
        for (T value : values) {
            list.add(new TtlValue<>(value, now));
        }
        store(list);
    }

    private void checkNoNulls(List<T> values) {
        for (T value : values) {
            Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements");
        }
    }

    @Override
    ArrayList<TtlValue<T>> unexpired(ArrayList<TtlValue<T>> stored, long now) {
        ArrayList<TtlValue<T>> kept = null;
        for (int i = 0; i < stored.size(); i++) {
            TtlValue<T> element = stored.get(i);
            if (expired(element, now)) {
                if (kept == null) {
                    kept = new ArrayList<>(stored.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(element);
            }
        }
        return kept == null ? stored : kept.isEmpty() ? null : kept;
    }
}
