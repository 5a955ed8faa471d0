package io.ringflow.state;

import java.util.function.BiConsumer;

/**
 * A {@link StateMap} of chained entries for keys of any type (the idea of Flink's
 * {@code CopyOnWriteStateMap}).
 *
 * <p>A snapshot pins the current bucket array. The map never writes a pinned array or an entry
 * reachable from one: the first structural write after a snapshot clones the array (once per
 * map and snapshot, lazily on the task thread), and a write to a frozen entry first copies it
 * together with the frozen entries before it in its chain, whose {@code next} must change.
 *
 * <p>A put of the key object the last {@link #get} found writes that entry without a second
 * lookup (read-modify-write of a value).
 */
final class CowStateMap<K, V> extends StateMap<K, V> {
    private static final int MIN_CAPACITY = 16;

    private StateEntry<K, V> lastFound; // by the last get, for the key object lastFoundKey; null after a change of structure
    private K lastFoundKey;
    private StateEntry<K, V>[] table;
    private int tableVersion;
    private int size;

    CowStateMap(SnapshotVersions versions, StateValueCodec<V> values) {
        super(versions, values);
        this.table = newTable(MIN_CAPACITY);
        this.tableVersion = versions.current;
    }

    /** The value of {@code key}, copied first if mutable and shared with a snapshot; null when absent. */
    @Override
    V get(K key, int hash) {
        StateEntry<K, V>[] tab = table;
        int index = hash & (tab.length - 1);
        for (StateEntry<K, V> e = tab[index]; e != null; e = e.next) {
            if (e.hash == hash && sameKey(e, key)) {
                if (mutableValues && e.valueVersion < versions.highestRequired) {
                    e = privateEntry(index, e);
                    e.value = values.copy(e.value);
                    e.valueVersion = versions.current;
                }
                if (mutableValues && versions.trackChanges) {
                    e = listChanged(index, e); // the caller may change the value in place
                }
                lastFound = e;
                lastFoundKey = key;
                return e.value;
            }
        }
        lastFound = null;
        return null;
    }

    private static <K> boolean sameKey(StateEntry<K, ?> e, K key) {
        return e.key == key || e.key.equals(key);
    }

    @Override
    void put(K key, int hash, V value, boolean track) {
        StateEntry<K, V> found = lastFound;
        if (found != null && lastFoundKey == key && found.entryVersion >= versions.highestRequired) {
            update(found, key, value, track); // found by the get just before, and still writable
            return;
        }
        int index = hash & (table.length - 1);
        for (StateEntry<K, V> e = table[index]; e != null; e = e.next) {
            if (e.hash == hash && sameKey(e, key)) {
                update(privateEntry(index, e), key, value, track);
                return;
            }
        }
        if (size >= table.length - (table.length >>> 2)) {
            resize();
        } else {
            privateTable();
        }
        index = hash & (table.length - 1);
        StateEntry<K, V> added = new StateEntry<>(key, hash, value, table[index], versions.current);
        table[index] = added;
        size++;
        if (track) {
            added.changedVersion = versions.current;
            listChanged(key);
        }
    }

    private void update(StateEntry<K, V> writable, K key, V value, boolean track) {
        writable.value = value;
        writable.valueVersion = versions.current;
        if (track && writable.changedVersion != versions.current) {
            writable.changedVersion = versions.current;
            listChanged(key);
        }
    }

    @Override
    boolean unload(K key, int hash) {
        lastFound = null;
        int index = hash & (table.length - 1);
        StateEntry<K, V> prev = null;
        for (StateEntry<K, V> e = table[index]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && sameKey(e, key)) {
                if (prev == null) {
                    privateTable();
                    table[index] = e.next;
                } else {
                    privateEntry(index, prev).next = e.next;
                }
                size--;
                return true;
            }
        }
        return false;
    }

    @Override
    int scan(int position, int maxEntries, java.util.function.BiConsumer<? super K, ? super V> action) {
        StateEntry<K, V>[] tab = table;
        int bucket = position;
        for (int visited = 0; bucket < tab.length && visited < maxEntries; bucket++) {
            for (StateEntry<K, V> e = tab[bucket]; e != null; e = e.next) {
                action.accept(e.key, e.value);
                visited++;
            }
        }
        return bucket < tab.length ? bucket : -1;
    }

    @Override
    void forEachKey(java.util.function.Consumer<? super K> action) {
        for (StateEntry<K, V> head : table) {
            for (StateEntry<K, V> e = head; e != null; e = e.next) {
                action.accept(e.key);
            }
        }
    }

    @Override
    int size() {
        return size;
    }

    /** Lists the key of {@code e} as changed if not yet listed in this snapshot version; returns the writable entry. */
    private StateEntry<K, V> listChanged(int index, StateEntry<K, V> e) {
        if (e.changedVersion == versions.current) {
            return e;
        }
        StateEntry<K, V> writable = privateEntry(index, e);
        writable.changedVersion = versions.current;
        listChanged(writable.key);
        return writable;
    }

    @Override
    Pinned<K, V> pin() {
        return new PinnedTable<>(table);
    }

    private void privateTable() {
        if (tableVersion < versions.highestRequired) {
            table = table.clone();
            tableVersion = versions.current;
        }
    }

    /** Makes {@code target} writable: copies it and every frozen entry before it in bucket {@code index}. */
    private StateEntry<K, V> privateEntry(int index, StateEntry<K, V> target) {
        int required = versions.highestRequired;
        if (target.entryVersion >= required) {
            return target;
        }
        privateTable();
        int now = versions.current;
        StateEntry<K, V> current = table[index];
        StateEntry<K, V> copy = current.entryVersion < required ? new StateEntry<>(current, now) : current;
        table[index] = copy;
        while (current != target) {
            current = current.next;
            if (current.entryVersion < required) {
                copy.next = new StateEntry<>(current, now);
                copy = copy.next;
            } else {
                copy = current;
            }
        }
        return copy;
    }

    @Override
    void ensureCapacity(int more) {
        int capacity = capacityFor(size + more, table.length);
        if (capacity > table.length) {
            resizeTo(capacity);
        }
    }

    /** Doubles the table. */
    private void resize() {
        resizeTo(table.length << 1);
    }

    /** Moves every entry into a table of {@code capacity} buckets; frozen entries are copied rather than relinked. */
    private void resizeTo(int capacity) {
        lastFound = null;
        StateEntry<K, V>[] old = table;
        StateEntry<K, V>[] grown = newTable(capacity);
        int required = versions.highestRequired;
        int now = versions.current;
        int mask = grown.length - 1;
        for (StateEntry<K, V> head : old) {
            StateEntry<K, V> e = head;
            while (e != null) {
                StateEntry<K, V> next = e.next;
                StateEntry<K, V> moved = e.entryVersion < required ? new StateEntry<>(e, now) : e;
                int index = moved.hash & mask;
                moved.next = grown[index];
                grown[index] = moved;
                e = next;
            }
        }
        table = grown;
        tableVersion = now;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> StateEntry<K, V>[] newTable(int capacity) {
        return (StateEntry<K, V>[]) new StateEntry<?, ?>[capacity];
    }

    /** A bucket array as a snapshot pinned it. */
    private record PinnedTable<K, V>(StateEntry<K, V>[] table) implements Pinned<K, V> {
        @Override
        public void forEach(BiConsumer<? super K, ? super V> action) {
            for (StateEntry<K, V> head : table) {
                for (StateEntry<K, V> e = head; e != null; e = e.next) {
                    action.accept(e.key, e.value);
                }
            }
        }

        @Override
        public V lookup(K key, int hash) {
            for (StateEntry<K, V> e = table[hash & (table.length - 1)]; e != null; e = e.next) {
                if (e.hash == hash && sameKey(e, key)) {
                    return e.value;
                }
            }
            return null;
        }
    }
}
