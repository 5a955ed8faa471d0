package io.ringflow.state;

import io.ringflow.api.state.MapState;
import io.ringflow.api.state.StateTtlConfig;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
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
     * The visible entries, as a view: expired ones are removed first (with
     * {@code ReturnExpiredIfNotCleanedUp} still listed, this once), and the iterator's
     * {@code remove} and an entry's {@code setValue} write to the state, as without TTL.
     */
    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        cleanupOnAccess();
        HashMap<UK, TtlValue<UV>> map = current();
        if (map == null) {
            return Collections.emptyList();
        }
        long now = now();
        List<Map.Entry<UK, UV>> visible = new ArrayList<>(map.size());
        for (var it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UK, TtlValue<UV>> e = it.next();
            boolean expired = expired(e.getValue(), now);
            if (expired) {
                it.remove();
            } else if (updateOnRead) {
                e.setValue(new TtlValue<>(e.getValue().value(), now));
            }
            if (!expired || returnExpired) {
                visible.add(new LiveEntry(e.getKey(), e.getValue().value()));
            }
        }
        if (map.isEmpty()) {
            clear();
        }
        return () -> new Iterator<>() {
            private int next;
            private LiveEntry last;

            @Override
            public boolean hasNext() {
                return next < visible.size();
            }

            @Override
            public Map.Entry<UK, UV> next() {
                if (next >= visible.size()) {
                    throw new java.util.NoSuchElementException();
                }
                last = (LiveEntry) visible.get(next++);
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("next() was not called, or remove() was already called for this entry");
                }
                HashMap<UK, TtlValue<UV>> current = current();
                if (current != null) {
                    removeEntry(current, last.getKey());
                }
                last = null;
            }
        };
    }

    /** An entry of {@link #entries()}: its {@code setValue} puts the value, with a new time-to-live. */
    private final class LiveEntry extends AbstractMap.SimpleEntry<UK, UV> {
        LiveEntry(UK key, UV value) {
            super(key, value);
        }

        @Override
        public UV setValue(UV value) {
            Objects.requireNonNull(value, () -> "map state '" + name + "' does not take null values; use remove"
                + " (or the iterator's remove)");
            put(getKey(), value);
            return super.setValue(value);
        }
    }

    @Override
    public Iterable<UK> keys() {
        return () -> mapped(entries().iterator(), Map.Entry::getKey);
    }

    @Override
    public Iterable<UV> values() {
        return () -> mapped(entries().iterator(), Map.Entry::getValue);
    }

    private static <E, X> Iterator<X> mapped(Iterator<E> entries, java.util.function.Function<E, X> part) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public X next() {
                return part.apply(entries.next());
            }

            @Override
            public void remove() {
                entries.remove();
            }
        };
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
