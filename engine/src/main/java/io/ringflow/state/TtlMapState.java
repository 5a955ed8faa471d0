package io.ringflow.state;

import io.ringflow.api.state.MapState;
import io.ringflow.api.state.StateTtlConfig;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link MapState} with a time-to-live per entry: each map value carries its own last access time. */
final class TtlMapState<K, UK, UV> extends AbstractTtlState<K, HashMap<UK, TtlValue<UV>>> implements MapState<UK, UV> {
    private final String name;

    TtlMapState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, HashMap<UK, TtlValue<UV>>> registered,
                StateTtlConfig config) {
        super(backend, registered, config);
        this.name = registered.name();
    }

    @Override
    public UV get(UK key) {
        cleanupOnAccess();
        HashMap<UK, TtlValue<UV>> map = current();
        TtlValue<UV> stored = map == null ? null : map.get(key);
        if (stored == null) {
            return null;
        }
        long now = now();
        if (expired(stored, now)) {
            removeEntry(map, key);
            return returnExpired ? stored.value() : null;
        }
        if (updateOnRead) {
            map.put(key, new TtlValue<>(stored.value(), now));
        }
        return stored.value();
    }

    @Override
    public void put(UK key, UV value) {
        Objects.requireNonNull(key, () -> "map state '" + name + "' does not take null keys");
        Objects.requireNonNull(value, () -> "map state '" + name + "' does not take null values; use remove");
        cleanupOnAccess();
        HashMap<UK, TtlValue<UV>> map = current();
        if (map == null) {
            map = new HashMap<>();
            store(map);
        }
        map.put(key, new TtlValue<>(value, now()));
    }

    @Override
    public void putAll(Map<UK, UV> map) {
        for (Map.Entry<UK, UV> e : map.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(UK key) {
        cleanupOnAccess();
        HashMap<UK, TtlValue<UV>> map = current();
        if (map != null) {
            removeEntry(map, key);
        }
    }

    private void removeEntry(HashMap<UK, TtlValue<UV>> map, UK key) {
        if (map.remove(key) != null && map.isEmpty()) {
            clear();
        }
    }

    @Override
    public boolean contains(UK key) {
        return get(key) != null;
    }

    /**
     * The visible entries, read at once (expired ones removed, or returned once with
     * {@code ReturnExpiredIfNotCleanedUp}); a snapshot of them: later writes go through {@link #put}.
     */
    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        cleanupOnAccess();
        HashMap<UK, TtlValue<UV>> map = current();
        List<Map.Entry<UK, UV>> visible = new ArrayList<>();
        if (map == null) {
            return visible;
        }
        long now = now();
        for (var it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UK, TtlValue<UV>> e = it.next();
            boolean expired = expired(e.getValue(), now);
            if (!expired || returnExpired) {
                visible.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue().value()));
            }
            if (expired) {
                it.remove();
            } else if (updateOnRead) {
                e.setValue(new TtlValue<>(e.getValue().value(), now));
            }
        }
        if (map.isEmpty()) {
            clear();
        }
        return visible;
    }

    @Override
    public Iterable<UK> keys() {
        List<UK> keys = new ArrayList<>();
        entries().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    @Override
    public Iterable<UV> values() {
        List<UV> values = new ArrayList<>();
        entries().forEach(e -> values.add(e.getValue()));
        return values;
    }

    @Override
    public boolean isEmpty() {
        return !entries().iterator().hasNext();
    }

    @Override
    HashMap<UK, TtlValue<UV>> unexpired(HashMap<UK, TtlValue<UV>> stored, long now) {
        HashMap<UK, TtlValue<UV>> kept = null;
        for (Map.Entry<UK, TtlValue<UV>> e : stored.entrySet()) {
            if (expired(e.getValue(), now)) {
                if (kept == null) {
                    kept = new HashMap<>(stored);
                }
                kept.remove(e.getKey());
            }
        }
        return kept == null ? stored : kept.isEmpty() ? null : kept;
    }
}
