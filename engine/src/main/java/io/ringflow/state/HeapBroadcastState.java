package io.ringflow.state;

import io.ringflow.api.state.BroadcastState;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A broadcast state: the whole map is the single element of an operator list state of mode
 * {@link RedistributionMode#BROADCAST}, so it is snapshotted, typed and restored as operator
 * state is (one copy per instance, one old copy per new instance). Task thread only.
 */
final class HeapBroadcastState<K, V> implements BroadcastState<K, V> {
    private final OperatorListState<Map<K, V>> backing;

    HeapBroadcastState(OperatorListState<Map<K, V>> backing) {
        this.backing = backing;
    }

    /** The map, looked up each time: a restore replaces the list's element. */
    private Map<K, V> map() {
        Iterator<Map<K, V>> elements = backing.get().iterator();
        if (elements.hasNext()) {
            return elements.next();
        }
        Map<K, V> empty = new LinkedHashMap<>();
        backing.add(empty);
        return empty;
    }

    @Override
    public V get(K key) {
        return map().get(key);
    }

    @Override
    public boolean contains(K key) {
        return map().containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
        return Collections.unmodifiableMap(map()).entrySet();
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, () -> "broadcast state '" + backing.name + "' does not take null keys");
        map().put(key, value);
    }

    @Override
    public void putAll(Map<K, V> entries) {
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void remove(K key) {
        map().remove(key);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return map().entrySet().iterator();
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return map().entrySet();
    }

    @Override
    public void clear() {
        map().clear();
    }
}
