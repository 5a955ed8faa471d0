package io.ringflow.state;

import io.ringflow.api.state.ListState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link ListState} on the heap: an {@code ArrayList} per key, absent when empty. */
final class HeapListState<K, T> extends AbstractHeapState<K, ArrayList<T>> implements ListState<T> {
    private final String name;

    HeapListState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, ArrayList<T>> registered) {
        super(backend, registered);
        this.name = registered.name();
    }

    @Override
    public Iterable<T> get() {
        ArrayList<T> list = current();
        return list == null ? Collections.emptyList() : list;
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements");
        ArrayList<T> list = current();
        if (list == null) {
            list = new ArrayList<>();
            store(list);
        }
        list.add(value);
    }

    @Override
    public void addAll(List<T> values) {
        if (values.isEmpty()) {
            return;
        }
        checkNoNulls(values);
        ArrayList<T> list = current();
        if (list == null) {
            store(new ArrayList<>(values));
        } else {
            list.addAll(values);
        }
    }

    @Override
    public void update(List<T> values) {
        if (values == null || values.isEmpty()) {
            clear();
            return;
        }
        checkNoNulls(values);
        // Our own list: the caller may keep changing theirs.
        store(new ArrayList<>(values));
    }

    private void checkNoNulls(List<T> values) {
        for (T value : values) {
            Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements");
        }
    }
}
