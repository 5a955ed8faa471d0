package io.ringflow.state;

/**
 * One key's value in a {@link CowStateMap} bucket chain. An entry stamped below the highest
 * version a live snapshot requires is frozen: it is replaced by a copy, never written.
 */
final class StateEntry<K, V> {
    final K key;
    final int hash;
    V value;
    StateEntry<K, V> next;
    /** Version at which this entry object was created. */
    final int entryVersion;
    /** Version at which {@link #value} was stored or last copied. */
    int valueVersion;
    /** Version at which the key was last listed as changed, for incremental snapshots; -1 never. */
    int changedVersion;

    StateEntry(K key, int hash, V value, StateEntry<K, V> next, int version) {
        this.key = key;
        this.hash = hash;
        this.value = value;
        this.next = next;
        this.entryVersion = version;
        this.valueVersion = version;
        this.changedVersion = -1;
    }

    /** A private copy of {@code frozen} at {@code version}; the value is shared until written or read mutably. */
    StateEntry(StateEntry<K, V> frozen, int version) {
        this.key = frozen.key;
        this.hash = frozen.hash;
        this.value = frozen.value;
        this.next = frozen.next;
        this.entryVersion = version;
        this.valueVersion = frozen.valueVersion;
        this.changedVersion = frozen.changedVersion;
    }
}
