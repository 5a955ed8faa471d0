package io.ringflow.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The values of one state in one key group, copy-on-write against snapshots: a snapshot
 * {@link #pin() pins} what it reads after {@link SnapshotVersions#begin()}, and the task never
 * writes what a live snapshot pinned. A mutable value read by {@link #get} is deep-copied once per
 * snapshot, so in-place changes never reach the snapshot. Task thread only; a pinned view may be
 * read by any thread.
 *
 * <p>With change tracking on, a map also lists each key it puts, removes or hands out mutably since
 * the last snapshot began, once per snapshot, so an incremental snapshot writes only those keys.
 *
 * <p>Keys of type {@link Long} or {@link Integer} are held as primitive longs in open addressing
 * ({@link PrimitiveKeyStateMap}); other keys in chained entries ({@link CowStateMap}).
 */
abstract class StateMap<K, V> {
    final SnapshotVersions versions;
    final StateValueCodec<V> values;
    final boolean mutableValues; // read per get: a field, not a call
    private List<?> changed; // the keys listed since the last take; see newChangeList()
    private boolean changedMayRepeat; // a removed key may be listed again when re-added
    private int lastTakenSize; // sizes the next list, so that it does not grow step by step

    StateMap(SnapshotVersions versions, StateValueCodec<V> values) {
        this.versions = versions;
        this.values = values;
        this.mutableValues = !values.isImmutable();
    }

    /** The map for keys of {@code keyType}: primitive open addressing for Long and Integer keys. */
    static <K, V> StateMap<K, V> create(SnapshotVersions versions, StateValueCodec<V> values, Class<?> keyType) {
        if (keyType == Long.class || keyType == Integer.class) {
            return new PrimitiveKeyStateMap<>(versions, values, keyType == Integer.class);
        }
        return new CowStateMap<>(versions, values);
    }

    /** The value of {@code key} (of in-map hash {@code hash}), copied first if mutable and shared with a snapshot; null when absent. */
    abstract V get(K key, int hash);

    /** Maps {@code key} to the non-null {@code value}. */
    final void put(K key, int hash, V value) {
        put(key, hash, value, versions.trackChanges);
    }

    /** Puts what a restore brings back: already in the checkpoint, so not a change. */
    final void load(K key, int hash, V value) {
        put(key, hash, value, false);
    }

    abstract void put(K key, int hash, V value, boolean track);

    /** Removes {@code key}; false when it was absent. */
    final boolean remove(K key, int hash) {
        boolean removed = unload(key, hash);
        if (removed && versions.trackChanges) {
            listChanged(key);
            changedMayRepeat = true;
        }
        return removed;
    }

    /** Removes what a restored change removed: not a change of this run. */
    abstract boolean unload(K key, int hash);

    /** Calls {@code action} with every key of the map. */
    abstract void forEachKey(Consumer<? super K> action);

    /**
     * Calls {@code action} with up to {@code maxEntries} entries from {@code position} on (0: the
     * start), values as stored (not copied: read, never change them); returns the position to go on
     * from, or -1 at the end. {@code action} must not change the map. A change between two calls may
     * make a later call skip or repeat an entry.
     */
    abstract int scan(int position, int maxEntries, BiConsumer<? super K, ? super V> action);

    abstract int size();

    /** Grows the map once for {@code more} entries to come (a restore), instead of doubling step by step. */
    abstract void ensureCapacity(int more);

    /** The power of two, at least {@code capacity}, whose three quarters exceed {@code entries}: both maps grow at that load. */
    static int capacityFor(int entries, int capacity) {
        while (entries >= capacity - (capacity >>> 2)) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** What a snapshot begun just before reads: after {@link SnapshotVersions#begin()}, nothing it reaches is written again. */
    abstract Pinned<K, V> pin();

    /** Lists {@code key} as changed in this snapshot interval; the caller makes sure it is once. */
    @SuppressWarnings("unchecked")
    void listChanged(K key) {
        ((List<K>) changeList()).add(key);
    }

    /** The list changes go to now, made on first use. */
    final List<?> changeList() {
        List<?> list = changed;
        if (list == null) {
            list = newChangeList(lastTakenSize);
            changed = list;
        }
        return list;
    }

    /** An empty list of changed keys, room for {@code expected}: the keys themselves here, primitive longs in a primitive map. */
    List<?> newChangeList(int expected) {
        return new ArrayList<K>(Math.max(10, expected));
    }

    /**
     * The keys changed since the last call, each listed once unless a key was removed and put
     * again (see {@link #changedMayRepeat()}), or null when none; a new list starts. An
     * {@link ChangeList} from a primitive map, else a list of keys.
     * Task thread, at a snapshot's begin.
     */
    final List<?> takeChanged() {
        List<?> taken = changed;
        changedMayRepeat = false;
        if (taken == null || taken.isEmpty()) {
            return null;
        }
        changed = null;
        lastTakenSize = taken.size();
        return taken;
    }

    /** Whether the list {@link #takeChanged} will hand out may hold a key twice. */
    final boolean changedMayRepeat() {
        return changedMayRepeat;
    }

    /** A map's content as a snapshot pinned it; any thread. */
    interface Pinned<K, V> {
        /** Calls {@code action} with every entry. */
        void forEach(BiConsumer<? super K, ? super V> action);

        /** The value of {@code key} (of in-map hash {@code hash}), or null. */
        V lookup(K key, int hash);

        /**
         * Appends each key of {@code changed} (as {@link ChangedKeys#keysOf} lists them) that is
         * here, framed by {@code keyCodec}, with its value; then the number of the others
         * (removed) and each of them framed. Returns how many were here.
         */
        @SuppressWarnings("unchecked")
        default int writeChanges(List<?> changed, io.ringflow.api.codec.Codec<K> keyCodec, StateValueCodec<V> values,
                                 BlockWriter out) {
            List<K> keys = (List<K>) changed;
            List<K> removed = new ArrayList<>();
            int count = 0;
            for (int i = 0, n = keys.size(); i < n; i++) {
                K key = keys.get(i);
                V value = lookup(key, HeapKeyedStateBackend.mapHash(key.hashCode()));
                if (value == null) {
                    removed.add(key);
                } else {
                    out.putFramed(keyCodec, key);
                    values.write(value, out);
                    count++;
                }
            }
            out.putInt(removed.size());
            for (K key : removed) {
                out.putFramed(keyCodec, key);
            }
            return count;
        }

        /** Appends every entry to {@code out}, its key framed by {@code keyCodec}, then its value; returns how many. */
        default int writeEntries(io.ringflow.api.codec.Codec<K> keyCodec, StateValueCodec<V> values, BlockWriter out) {
            int[] count = {0};
            boolean filters = values.filtersSnapshots();
            forEach((key, stored) -> {
                V value = filters ? values.forSnapshot(stored) : stored;
                if (value != null) {
                    out.putFramed(keyCodec, key);
                    values.write(value, out);
                    count[0]++;
                }
            });
            return count[0];
        }
    }
}
