package io.ringflow.api.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map that every parallel instance of a broadcast operator holds in full, changed only by the
 * broadcast side ({@code processBroadcastElement}), as Flink's {@code BroadcastState}. Each
 * instance snapshots its copy; a restore at another parallelism gives each new instance one copy.
 *
 * @param <K> map keys
 * @param <V> map values
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
    void put(K key, V value) throws Exception;

    void putAll(Map<K, V> map) throws Exception;

    void remove(K key) throws Exception;

    /** The entries; removing through the iterator removes from the state. */
    Iterator<Map.Entry<K, V>> iterator() throws Exception;

    Iterable<Map.Entry<K, V>> entries() throws Exception;
}
