package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link StateMap} for {@link Long} or {@link Integer} keys, held as primitive longs: open
 * addressing with linear probing and deletion by backward shift, so no object per entry and no
 * key object to load on a lookup. A slot is empty when its value is null.
 *
 * <p>Copy-on-write by whole arrays: a full snapshot pins the key and value arrays, and the first
 * write after it clones both (a map holds one key group, so that is 1/maxParallelism of the
 * task's state; about 12 bytes per slot). Growing builds new arrays and leaves the old ones to
 * the snapshots. A mutable value handed out by {@link #get} is copied once per live snapshot. The
 * stamps of when a value was stored and when a key was listed as changed are read by the task
 * only, and exist only once a snapshot was live or changes are tracked: with neither (a state
 * snapshotted synchronously), a map is its key and value arrays, and a read-modify-write of a
 * value touches those and nothing else.
 */
final class PrimitiveKeyStateMap<K, V> extends StateMap<K, V> {
    private static final int MIN_CAPACITY = 16;

    private final boolean intKeys; // keys are Integers; else Longs
    private long[] keys;
    private Object[] slotValues;
    private int tableVersion; // version at which keys and slotValues were created or cloned
    private int[] valueVersions; // per slot: version at which the value was stored or copied while a snapshot was live; null: none was
    private int[] changedVersions; // per slot: version at which the key was last listed as changed; null until changes are tracked
    private int[] changedIndex; // per slot: where in the change list, when listed at the current version
    private int size;
    private int lastSlot = -1; // found by the last get; -1 after a change of structure
    private boolean storedAnother; // the last store replaced the slot's value by another object
    private long lastKey;

    PrimitiveKeyStateMap(SnapshotVersions versions, StateValueCodec<V> values, boolean intKeys) {
        super(versions, values);
        this.intKeys = intKeys;
        allocate(MIN_CAPACITY);
    }

    @Override
    V get(K key, int hash) {
        long k = toLong(key);
        int slot = find(k);
        if (slot < 0) {
            lastSlot = -1;
            return null;
        }
        @SuppressWarnings("unchecked")
        V value = (V) slotValues[slot];
        if (mutableValues) {
            int required = versions.highestRequired;
            if (required != 0 && stampedAt(slot) < required) {
                value = values.copy(value);
                writable()[slot] = value;
                valueVersions()[slot] = versions.current;
            }
            if (versions.trackChanges && changedVersions()[slot] != versions.current) {
                listChanged(k, slot, value); // the caller may change the value in place
            }
        }
        lastSlot = slot;
        lastKey = k;
        return value;
    }

    @Override
    void put(K key, int hash, V value, boolean track) {
        long k = toLong(key);
        int slot = store(k, value);
        if (changedVersions != null && changedVersions[slot] == versions.current) {
            if (storedAnother) { // listed in this interval with the value it replaced: an in-place update keeps it
                ((ChangeList) changeList()).setValue(changedIndex[slot], value);
            }
        } else if (track) {
            listChanged(k, slot, value);
        }
    }

    /** A key removed (its slot is gone): listed again, without a value; this later entry holds. */
    @Override
    void listChanged(K key) {
        ((ChangeList) changeList()).add(toLong(key), null);
    }

    /** Lists the key in {@code slot} with its value, and where, so that a later store in this interval updates it. */
    private void listChanged(long k, int slot, Object value) {
        changedVersions()[slot] = versions.current;
        changedIndex[slot] = ((ChangeList) changeList()).add(k, value);
    }

    @Override
    List<?> newChangeList(int expected) {
        return new ChangeList(Math.max(4, expected)); // sized by the last interval's: most key groups change a few keys in 1 ms
    }

    /** True when {@code keyCodec} is the built-in codec of this map's keys: their framed bytes are known without it. */
    boolean framesKeysAs(Codec<?> keyCodec) {
        return keyCodec == (intKeys ? Codecs.INT : Codecs.LONG);
    }

    /** Whether the keys are {@code Integer}s (else {@code Long}s). */
    boolean intKeys() {
        return intKeys;
    }

    /** Puts a restored entry by its primitive key, as {@link #load}: in the checkpoint already, so not a change. */
    void loadPrimitive(long k, V value) {
        store(k, value);
    }

    /** Maps {@code k} to {@code value}; returns its slot. */
    private int store(long k, V value) {
        int slot = lastSlot >= 0 && lastKey == k ? lastSlot : find(k);
        if (slot < 0) {
            if (size >= keys.length - (keys.length >>> 2)) {
                resizeTo(keys.length << 1);
                slot = find(k);
            }
            slot = ~slot;
            writable();
            keys[slot] = k;
            if (changedVersions != null) {
                changedVersions[slot] = -1;
            }
            size++;
        }
        storedAnother = slotValues[slot] != value;
        if (versions.highestRequired != 0) {
            writable()[slot] = value;
            valueVersions()[slot] = versions.current;
        } else if (storedAnother) { // an in-place update with no snapshot live writes nothing
            slotValues[slot] = value; // and no stamp: a snapshot begun later is newer than any
        }
        return slot;
    }

    @Override
    boolean unload(K key, int hash) {
        int slot = find(toLong(key));
        if (slot < 0) {
            return false;
        }
        lastSlot = -1;
        Object[] vals = writable();
        int mask = keys.length - 1;
        int hole = slot;
        for (int s = (hole + 1) & mask; vals[s] != null; s = (s + 1) & mask) {
            long k = keys[s];
            int home = hashOf(k) & mask;
            if (((s - home) & mask) >= ((s - hole) & mask)) { // the hole lies on s's probe path: move s back
                keys[hole] = k;
                vals[hole] = vals[s];
                if (valueVersions != null) {
                    valueVersions[hole] = valueVersions[s];
                }
                if (changedVersions != null) {
                    changedVersions[hole] = changedVersions[s];
                    changedIndex[hole] = changedIndex[s];
                }
                hole = s;
            }
        }
        vals[hole] = null;
        size--;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    int scan(int position, int maxEntries, java.util.function.BiConsumer<? super K, ? super V> action) {
        int slot = position;
        for (int visited = 0; slot < keys.length && visited < maxEntries; slot++) {
            if (slotValues[slot] != null) {
                action.accept(toKey(keys[slot]), (V) slotValues[slot]);
                visited++;
            }
        }
        return slot < keys.length ? slot : -1;
    }

    @Override
    void forEachKey(Consumer<? super K> action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (slotValues[slot] != null) {
                action.accept(toKey(keys[slot]));
            }
        }
    }

    @Override
    int size() {
        return size;
    }

    @Override
    void ensureCapacity(int more) {
        int capacity = capacityFor(size + more, keys.length);
        if (capacity > keys.length) {
            resizeTo(capacity);
        }
    }

    @Override
    Pinned<K, V> pin() {
        return new PinnedArrays<>(this, keys, slotValues);
    }

    /** The slot of {@code k}, or {@code ~slot} of the empty slot where it would go. */
    private int find(long k) {
        long[] ks = keys;
        Object[] vals = slotValues;
        int mask = ks.length - 1;
        for (int s = hashOf(k) & mask; ; s = (s + 1) & mask) {
            if (vals[s] == null) {
                return ~s;
            }
            if (ks[s] == k) {
                return s;
            }
        }
    }

    /**
     * Makes the key and value arrays the task's own (cloned once after a snapshot of whole tables
     * pinned them; a snapshot of changes reads its change lists only); returns the values.
     */
    private Object[] writable() {
        if (tableVersion < versions.highestTableRequired) {
            keys = keys.clone();
            slotValues = slotValues.clone();
            tableVersion = versions.current;
        }
        return slotValues;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        slotValues = new Object[capacity];
        tableVersion = versions.current;
    }

    /** When the value of {@code slot} was last stored or copied under a live snapshot; 0 (older than any snapshot) if never. */
    private int stampedAt(int slot) {
        return valueVersions == null ? 0 : valueVersions[slot];
    }

    private int[] valueVersions() {
        if (valueVersions == null) {
            valueVersions = new int[keys.length];
        }
        return valueVersions;
    }

    private int[] changedVersions() {
        if (changedVersions == null) {
            changedVersions = new int[keys.length];
            java.util.Arrays.fill(changedVersions, -1); // never listed
            changedIndex = new int[keys.length];
        }
        return changedVersions;
    }

    /** Moves every entry into new arrays of {@code capacity} slots; the old ones stay as pinned. */
    private void resizeTo(int capacity) {
        lastSlot = -1;
        long[] oldKeys = keys;
        Object[] oldValues = slotValues;
        int[] oldValueVersions = valueVersions;
        int[] oldChangedVersions = changedVersions;
        allocate(capacity);
        valueVersions = oldValueVersions == null ? null : new int[capacity];
        int[] oldChangedIndex = changedIndex;
        changedVersions = oldChangedVersions == null ? null : new int[capacity];
        changedIndex = oldChangedIndex == null ? null : new int[capacity];
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldValues[slot] != null) {
                int to = ~find(oldKeys[slot]);
                keys[to] = oldKeys[slot];
                slotValues[to] = oldValues[slot];
                if (oldValueVersions != null) {
                    valueVersions[to] = oldValueVersions[slot];
                }
                if (oldChangedVersions != null) {
                    changedVersions[to] = oldChangedVersions[slot];
                    changedIndex[to] = oldChangedIndex[slot];
                }
            }
        }
    }

    private long toLong(K key) {
        return intKeys ? ((Integer) key).longValue() : ((Long) key).longValue();
    }

    @SuppressWarnings("unchecked")
    private K toKey(long k) {
        Object key = intKeys ? (Object) (int) k : (Object) k; // not one ternary of numbers: it would widen to long
        return (K) key;
    }

    /** The in-map hash, as {@link HeapKeyedStateBackend#mapHash} of the key's {@code hashCode()}. */
    private int hashOf(long k) {
        return HeapKeyedStateBackend.mapHash(intKeys ? (int) k : Long.hashCode(k));
    }

    private static int touchSink; // keeps the touching loads
    private static final int PRELOAD_MIN_KEYS = 64; // below, the table's lines are few and the pass costs more than it saves

    /**
     * Loads every value's header before the encode loop. A pinned table's values are usually
     * cold (written on the task's core, copied on write in key order, not memory order): these
     * loads do not depend on each other, so their cache misses overlap, where the encode loop's
     * would come one at a time.
     */
    private static int touchValues(Object[] values) {
        Class<?> previous = null;
        int sameClass = 0;
        for (Object value : values) {
            if (value != null) {
                Class<?> type = value.getClass();
                sameClass += type == previous ? 1 : 0;
                previous = type;
            }
        }
        return sameClass;
    }

    /** The arrays as a full snapshot pinned them; a snapshot of changes reads only its change lists. */
    private record PinnedArrays<K, V>(PrimitiveKeyStateMap<K, V> map, long[] keys, Object[] values)
        implements Pinned<K, V> {
        @Override
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<? super K, ? super V> action) {
            for (int slot = 0; slot < keys.length; slot++) {
                if (values[slot] != null) {
                    action.accept(map.toKey(keys[slot]), (V) values[slot]);
                }
            }
        }

        /** With the built-in key codec, the keys are written from the array as the codec would frame them: no box per key. */
        @Override
        @SuppressWarnings("unchecked")
        public int writeEntries(Codec<K> keyCodec, StateValueCodec<V> valueCodec, BlockWriter out) {
            if (!map.framesKeysAs(keyCodec)) {
                return Pinned.super.writeEntries(keyCodec, valueCodec, out);
            }
            PrimitiveFraming framing = valueCodec.framing();
            if (framing != null) {
                return writeFramed(framing, out);
            }
            boolean intKeys = map.intKeys;
            boolean filters = valueCodec.filtersSnapshots();
            touchSink = touchValues(values);
            int count = 0;
            for (int slot = 0; slot < keys.length; slot++) {
                Object value = values[slot];
                if (value != null && filters) {
                    value = valueCodec.forSnapshot((V) value);
                }
                if (value != null) {
                    if (intKeys) {
                        out.putInt(Integer.BYTES);
                        out.putInt((int) keys[slot]);
                    } else {
                        out.putInt(Long.BYTES);
                        out.putLong(keys[slot]);
                    }
                    valueCodec.write((V) value, out);
                    count++;
                }
            }
            return count;
        }

        /**
         * Every entry straight into the block's array: a first pass sizes them (its loads of the
         * values do not depend on each other, so their cache misses overlap), then one reservation.
         */
        private int writeFramed(PrimitiveFraming framing, BlockWriter out) {
            int keyLength = 4 + (map.intKeys ? Integer.BYTES : Long.BYTES);
            long bytes = 0;
            for (Object value : values) {
                if (value != null) {
                    bytes += keyLength + framing.framedLength(value);
                }
            }
            byte[] into = out.reserve(bytes);
            int at = out.position();
            int count = 0;
            for (int slot = 0; slot < keys.length; slot++) {
                Object value = values[slot];
                if (value != null) {
                    at = putKey(keys[slot], into, at);
                    at = framing.write(value, into, at);
                    count++;
                }
            }
            out.advanceTo(at);
            return count;
        }

        /**
         * The changes as the map listed them, each with its value: written from the list, without
         * a lookup here. The values' headers are loaded first: those loads do not depend on each
         * other, so their cache misses overlap where the encoding loop would take them one at a time.
         */
        @Override
        @SuppressWarnings("unchecked")
        public int writeChanges(List<?> changed, Codec<K> keyCodec, StateValueCodec<V> valueCodec, BlockWriter out) {
            ChangeList listed = (ChangeList) changed; // as this map lists them: under a snapshot of changes its tables move on
            int n = listed.size();
            boolean framed = map.framesKeysAs(keyCodec);
            PrimitiveFraming framing = valueCodec.framing();
            if (framed && framing != null) {
                return writeFramedChanges(listed, framing, out);
            }
            if (n >= PRELOAD_MIN_KEYS) {
                touchSink += touchValues(listed.values());
            }
            int count = 0;
            for (int i = 0; i < n; i++) {
                Object value = listed.valueAt(i);
                if (value != null) {
                    putKey(listed.getLong(i), framed, keyCodec, out);
                    valueCodec.write((V) value, out);
                    count++;
                }
            }
            out.putInt(n - count); // then the keys removed, in the order listed
            for (int i = 0; count < n && i < n; i++) {
                if (listed.valueAt(i) == null) {
                    putKey(listed.getLong(i), framed, keyCodec, out);
                }
            }
            return count;
        }

        /** {@link #writeChanges} straight into the block's array, sized first as {@link #writeFramed} does. */
        private int writeFramedChanges(ChangeList listed, PrimitiveFraming framing, BlockWriter out) {
            int n = listed.size();
            int keyLength = 4 + (map.intKeys ? Integer.BYTES : Long.BYTES);
            Object[] listedValues = listed.values();
            long bytes = 4; // the count of removed keys
            for (int i = 0; i < n; i++) {
                Object value = listedValues[i];
                bytes += keyLength + (value == null ? 0 : framing.framedLength(value));
            }
            byte[] into = out.reserve(bytes);
            int at = out.position();
            int count = 0;
            for (int i = 0; i < n; i++) {
                Object value = listedValues[i];
                if (value != null) {
                    at = putKey(listed.getLong(i), into, at);
                    at = framing.write(value, into, at);
                    count++;
                }
            }
            at = PrimitiveFraming.putInt(n - count, into, at); // then the keys removed, in the order listed
            for (int i = 0; count < n && i < n; i++) {
                if (listedValues[i] == null) {
                    at = putKey(listed.getLong(i), into, at);
                }
            }
            out.advanceTo(at);
            return count;
        }

        private int putKey(long k, byte[] into, int at) {
            return map.intKeys ? PrimitiveFraming.putIntKey((int) k, into, at) : PrimitiveFraming.putLongKey(k, into, at);
        }

        private void putKey(long k, boolean framed, Codec<K> keyCodec, BlockWriter out) {
            if (!framed) {
                out.putFramed(keyCodec, map.toKey(k));
            } else if (map.intKeys) {
                out.putInt(Integer.BYTES);
                out.putInt((int) k);
            } else {
                out.putInt(Long.BYTES);
                out.putLong(k);
            }
        }

        @Override
        public V lookup(K key, int hash) {
            return lookup(map.toLong(key));
        }

        @SuppressWarnings("unchecked")
        private V lookup(long k) {
            int mask = keys.length - 1;
            for (int s = map.hashOf(k) & mask; ; s = (s + 1) & mask) {
                if (values[s] == null) {
                    return null;
                }
                if (keys[s] == k) {
                    return (V) values[s];
                }
            }
        }
    }
}
