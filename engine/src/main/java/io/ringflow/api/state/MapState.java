package io.ringflow.api.state;

import java.util.Map;

/**
 * A map of user keys to user values per key. The returned views are live: do not modify the
 * state while iterating them.
 *
 * @param <K> the user key type
 * @param <V> the user value type
 */
public interface MapState<K, V> extends State {
    /** The value mapped to {@code key}, or null. */
    V get(K key);

    /** Maps {@code key} to {@code value}; null keys and values are rejected (use {@link #remove}). */
    void put(K key, V value);

    /** Puts every mapping of {@code map}. */
    void putAll(Map<K, V> map);

    /** Removes the mapping of {@code key}, if any. */
    void remove(K key);

    /** True when {@code key} has a mapping. */
    boolean contains(K key);

    /** All mappings; empty when there are none. */
    Iterable<Map.Entry<K, V>> entries();

    /** All user keys. */
    Iterable<K> keys();

    /** All user values. */
    Iterable<V> values();

    /** True when the current key has no mapping at all. */
    boolean isEmpty();
}
