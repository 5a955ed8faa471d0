package io.ringflow.api.state;

import java.util.Map;

/**
 * Broadcast state as the non-broadcast side of a broadcast connection sees it, as in Flink: it
 * may read but not change it, since only the broadcast side sees the same records on every
 * subtask and so keeps every copy equal.
 *
 * @param <K> map keys
 * @param <V> map values
 */
public interface ReadOnlyBroadcastState<K, V> extends State {
    /** The value of {@code key}, or null. */
    V get(K key) throws Exception;

    boolean contains(K key) throws Exception;

    /** The entries, unmodifiable. */
    Iterable<Map.Entry<K, V>> immutableEntries() throws Exception;
}
