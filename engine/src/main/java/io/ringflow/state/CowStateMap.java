package io.ringflow.state;

/**
 * A chained hash map from key to value for one state in one key group, copy-on-write against
 * snapshots (the idea of Flink's {@code CopyOnWriteStateMap}).
 *
 * <p>A snapshot pins the current bucket array. The map never writes a pinned array or an entry
 * reachable from one: the first structural write after a snapshot clones the array (once per
 * map and snapshot, lazily on the task thread), and a write to a frozen entry first copies it
 * together with the frozen entries before it in its chain, whose {@code next} must change.
 * A mutable value read by {@link #get} is deep-copied once per snapshot, so in-place changes
 * never reach the snapshot. Task thread only; pinned arrays may be read by any thread.
 */
final class CowStateMap<K, V> {
    private static final int MIN_CAPACITY = 16;

    private final SnapshotVersions versions;
    private final StateValueCodec<V> values;
    private final boolean mutableValues; // read per get: a field, not a call, once snapshots exist
    private StateEntry<K, V>[] table;
    private int tableVersion;
    private int size;

    CowStateMap(SnapshotVersions versions, StateValueCodec<V> values) {
        this.versions = versions;
        this.values = values;
        this.mutableValues = !values.isImmutable();
        this.table = newTable(MIN_CAPACITY);
        this.tableVersion = versions.current;
    }

    /** The value of {@code key}, copied first if mutable and shared with a snapshot; null when absent. */
    V get(K key, int hash) {
        StateEntry<K, V>[] tab = table;
        int index = hash & (tab.length - 1);
        for (StateEntry<K, V> e = tab[index]; e != null; e = e.next) {
            if (e.hash == hash && (e.key == key || e.key.equals(key))) {
                if (mutableValues && e.valueVersion < versions.highestRequired) {
                    e = privateEntry(index, e);
                    e.value = values.copy(e.value);
                    e.valueVersion = versions.current;
                }
                return e.value;
            }
        }
        return null;
    }

    /** Maps {@code key} to the non-null {@code value}. */
    void put(K key, int hash, V value) {
        int index = hash & (table.length - 1);
        for (StateEntry<K, V> e = table[index]; e != null; e = e.next) {
            if (e.hash == hash && (e.key == key || e.key.equals(key))) {
                e = privateEntry(index, e);
                e.value = value;
                e.valueVersion = versions.current;
                return;
            }
        }
        if (size >= table.length - (table.length >>> 2)) {
            resize();
        } else {
            privateTable();
        }
        index = hash & (table.length - 1);
        table[index] = new StateEntry<>(key, hash, value, table[index], versions.current);
        size++;
    }

    /** Removes {@code key}; false when it was absent. */
    boolean remove(K key, int hash) {
        int index = hash & (table.length - 1);
        StateEntry<K, V> prev = null;
        for (StateEntry<K, V> e = table[index]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && (e.key == key || e.key.equals(key))) {
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

    /** Calls {@code action} with every key of the current table. */
    void forEachKey(java.util.function.Consumer<? super K> action) {
        for (StateEntry<K, V> head : table) {
            for (StateEntry<K, V> e = head; e != null; e = e.next) {
                action.accept(e.key);
            }
        }
    }

    int size() {
        return size;
    }

    /** The current bucket array; after {@link SnapshotVersions#begin()} it is pinned and never written again. */
    StateEntry<K, V>[] table() {
        return table;
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

    /** Grows the table once for {@code more} entries to come (a restore), instead of doubling step by step. */
    void ensureCapacity(int more) {
        int needed = size + more;
        int capacity = table.length;
        while (needed >= capacity - (capacity >>> 2)) {
            capacity <<= 1;
        }
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
}
