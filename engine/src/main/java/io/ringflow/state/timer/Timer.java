package io.ringflow.state.timer;

/**
 * One registered timer: a key and a timestamp. Key, timestamp and key group never change, so a
 * snapshot may read them from another thread; the heap index is the queue's bookkeeping.
 */
final class Timer<K> {
    final K key;
    final long timestamp;
    final int keyGroup;
    /** Hash of (key, timestamp) for the dedup table. */
    final int hash;
    /** Position in the heap array, kept up to date so that delete is O(log n). */
    int heapIndex;

    Timer(K key, long timestamp, int keyGroup, int hash) {
        this.key = key;
        this.timestamp = timestamp;
        this.keyGroup = keyGroup;
        this.hash = hash;
    }

    boolean is(K otherKey, long otherTimestamp) {
        return timestamp == otherTimestamp && (key == otherKey || key.equals(otherKey));
    }
}
