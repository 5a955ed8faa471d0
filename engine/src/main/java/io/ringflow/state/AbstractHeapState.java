package io.ringflow.state;

import io.ringflow.api.state.State;

/**
 * Base of the heap state handles: reads and writes the value of the backend's current key in
 * the map of its current key group, with the key's hash computed once per key by the backend.
 */
abstract class AbstractHeapState<K, V> implements State {
    final HeapKeyedStateBackend<K> backend;
    private final StateMap<K, V>[] maps;

    AbstractHeapState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, V> registered) {
        this.backend = backend;
        this.maps = registered.maps;
    }

    /** The current key's value, copied first if a snapshot shares it and it is mutable; null when absent. */
    final V current() {
        HeapKeyedStateBackend<K> b = backend;
        return maps[b.currentIndex].get(b.checkedKey(), b.currentHash);
    }

    /** Sets the current key's value; {@code value} must be non-null. */
    final void store(V value) {
        HeapKeyedStateBackend<K> b = backend;
        maps[b.currentIndex].put(b.checkedKey(), b.currentHash, value);
    }

    @Override
    public final void clear() {
        HeapKeyedStateBackend<K> b = backend;
        maps[b.currentIndex].remove(b.checkedKey(), b.currentHash);
    }
}
