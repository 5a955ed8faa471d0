package io.ringflow.state;

import io.ringflow.api.state.MapState;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/** {@link MapState} on the heap: a {@code HashMap} per key, absent when empty. */
final class HeapMapState<K, UK, UV> extends AbstractHeapState<K, HashMap<UK, UV>> implements MapState<UK, UV> {
    private final String name;

    HeapMapState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, HashMap<UK, UV>> registered) {
        super(backend, registered);
        this.name = registered.name();
    }

    @Override
    public UV get(UK key) {
        HashMap<UK, UV> map = current();
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        Objects.requireNonNull(key, () -> "map state '" + name + "' does not take null keys");
        Objects.requireNonNull(value, () -> "map state '" + name + "' does not take null values; use remove");
        HashMap<UK, UV> map = current();
        if (map == null) {
            map = new HashMap<>();
            store(map);
        }
        map.put(key, value);
    }

    @Override
    public void putAll(Map<UK, UV> map) {
        for (Map.Entry<UK, UV> e : map.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(UK key) {
        HashMap<UK, UV> map = current();
        if (map != null && map.remove(key) != null && map.isEmpty()) {
            clear();
        }
    }

    @Override
    public boolean contains(UK key) {
        HashMap<UK, UV> map = current();
        return map != null && map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        HashMap<UK, UV> map = current();
        if (map == null) {
            return Collections.emptySet();
        }
        // an entry's setValue(null) would bypass put's check and fail every later checkpoint
        return () -> new Iterator<>() {
            private final Iterator<Map.Entry<UK, UV>> entries = map.entrySet().iterator();

            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Map.Entry<UK, UV> next() {
                Map.Entry<UK, UV> entry = entries.next();
                return new AbstractMap.SimpleEntry<>(entry) {
                    @Override
                    public UV setValue(UV value) {
                        Objects.requireNonNull(value, () -> "map state '" + name + "' does not take null values; use"
                            + " remove (or the iterator's remove)");
                        super.setValue(value);
                        return entry.setValue(value);
                    }
                };
            }

            @Override
            public void remove() {
                entries.remove();
            }
        };
    }

    @Override
    public Iterable<UK> keys() {
        HashMap<UK, UV> map = current();
        return map == null ? Collections.emptySet() : map.keySet();
    }

    @Override
    public Iterable<UV> values() {
        HashMap<UK, UV> map = current();
        return map == null ? Collections.emptyList() : map.values();
    }

    @Override
    public boolean isEmpty() {
        HashMap<UK, UV> map = current();
        return map == null || map.isEmpty();
    }
}
