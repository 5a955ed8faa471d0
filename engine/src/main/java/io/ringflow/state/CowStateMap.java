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
 *
 * <p>With change tracking on, the map also lists each key it puts, removes or hands out mutably
 * since the last snapshot began, once per snapshot (an entry remembers when it was listed), so an
 * incremental snapshot writes only those keys.
 *
 * <p>Two savings on the record path: keys that are {@link Long}s are compared by the value their
 * entry keeps, so a lookup does not load the key object (a cache miss per record when the keys
 * outnumber the cache); and a put of the key object the last {@link #get} found writes that entry
 * without a second lookup (read-modify-write of a value).
 */
final class CowStateMap<K, V> {
    private static final int MIN_CAPACITY = 16;

    private final SnapshotVersions versions;
    private final StateValueCodec<V> values;
    private final boolean mutableValues; // read per get: a field, not a call, once snapshots exist
    private final boolean longKeys;
    private StateEntry<K, V> lastFound; // by the last get, for the key object lastFoundKey; null after a change of structure
    private K lastFoundKey;
    private StateEntry<K, V>[] table;
    private int tableVersion;
    private int size;
    private java.util.ArrayList<K> changed = new java.util.ArrayList<>();
    private boolean changedMayRepeat; // a removed key may be listed again when re-added

    CowStateMap(SnapshotVersions versions, StateValueCodec<V> values) {
        this(versions, values, false);
    }

    /** @param longKeys every key is a {@link Long} */
    CowStateMap(SnapshotVersions versions, StateValueCodec<V> values, boolean longKeys) {
        this.longKeys = longKeys;
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
        long longKey = longKeyOf(key);
        for (StateEntry<K, V> e = tab[index]; e != null; e = e.next) {
            if (e.hash == hash && sameKey(e, key, longKey)) {
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

    private long longKeyOf(K key) {
        return longKeys ? ((Long) key).longValue() : 0L;
    }

    private boolean sameKey(StateEntry<K, V> e, K key, long longKey) {
        return longKeys ? e.longKey == longKey : e.key == key || e.key.equals(key);
    }

    /** Maps {@code key} to the non-null {@code value}. */
    void put(K key, int hash, V value) {
        put(key, hash, value, versions.trackChanges);
    }

    /** Puts what a restore brings back: already in the checkpoint, so not a change. */
    void load(K key, int hash, V value) {
        put(key, hash, value, false);
    }

    private void put(K key, int hash, V value, boolean track) {
        StateEntry<K, V> found = lastFound;
        if (found != null && lastFoundKey == key && found.entryVersion >= versions.highestRequired) {
            update(found, key, value, track); // found by the get just before, and still writable
            return;
        }
        int index = hash & (table.length - 1);
        long longKey = longKeyOf(key);
        for (StateEntry<K, V> e = table[index]; e != null; e = e.next) {
            if (e.hash == hash && sameKey(e, key, longKey)) {
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
            changed.add(key);
        }
    }

    private void update(StateEntry<K, V> writable, K key, V value, boolean track) {
        writable.value = value;
        writable.valueVersion = versions.current;
        if (track && writable.changedVersion != versions.current) {
            writable.changedVersion = versions.current;
            changed.add(key);
        }
    }

    /** Removes {@code key}; false when it was absent. */
    boolean remove(K key, int hash) {
        boolean removed = unload(key, hash);
        if (removed && versions.trackChanges) {
            changed.add(key);
            changedMayRepeat = true;
        }
        return removed;
    }

    /** Removes what a restored change removed: not a change of this run. */
    boolean unload(K key, int hash) {
        lastFound = null;
        int index = hash & (table.length - 1);
        long longKey = longKeyOf(key);
        StateEntry<K, V> prev = null;
        for (StateEntry<K, V> e = table[index]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && sameKey(e, key, longKey)) {
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

    /**
     * The keys changed since the last call, each listed once unless a key was removed and put
     * again (see {@link #changedMayRepeat()}), or null when none; a new list starts. Task thread,
     * at a snapshot's begin.
     */
    java.util.ArrayList<K> takeChanged() {
        if (changed.isEmpty()) {
            changedMayRepeat = false;
            return null;
        }
        java.util.ArrayList<K> taken = changed;
        changed = new java.util.ArrayList<>();
        changedMayRepeat = false;
        return taken;
    }

    /** Whether the list {@link #takeChanged} will hand out may hold a key twice. */
    boolean changedMayRepeat() {
        return changedMayRepeat;
    }

    /** Lists the key of {@code e} as changed if not yet listed in this snapshot version; returns the writable entry. */
    private StateEntry<K, V> listChanged(int index, StateEntry<K, V> e) {
        if (e.changedVersion == versions.current) {
            return e;
        }
        StateEntry<K, V> writable = privateEntry(index, e);
        writable.changedVersion = versions.current;
        changed.add(writable.key);
        return writable;
    }

    /** The value of {@code key} in a pinned {@code table}, or null; any thread. */
    static <K, V> V lookup(StateEntry<K, V>[] table, K key, int hash) {
        for (StateEntry<K, V> e = table[hash & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && (e.key == key || e.key.equals(key))) {
                return e.value;
            }
        }
        return null;
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
}
