package io.ringflow.state;

import io.ringflow.api.state.StateTtlConfig;

import java.util.ArrayList;

/**
 * What the handles of states with a time-to-live share: the time, the expiry rules of their
 * {@link StateTtlConfig}, and the incremental cleanup that checks a few entries of the state's key
 * groups at every access, removing expired values (or expired list elements and map entries).
 *
 * @param <V> the stored per-key value: a {@link TtlValue}, or a list or map of them
 */
abstract class AbstractTtlState<K, V> extends AbstractHeapState<K, V> {
    final long ttlMs;
    final boolean updateOnRead;
    final boolean returnExpired;
    private final int cleanupSize;
    private final StateMap<K, V>[] maps;
    private int cleanupKeyGroup;
    private int cleanupPosition;
    private final ArrayList<K> cleanupKeys = new ArrayList<>();
    private final ArrayList<V> cleanupValues = new ArrayList<>();

    AbstractTtlState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, V> registered, StateTtlConfig config) {
        super(backend, registered);
        this.maps = registered.maps;
        this.ttlMs = config.getTtl().toMillis();
        this.updateOnRead = config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
        this.returnExpired = config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
        this.cleanupSize = config.getIncrementalCleanupSize();
    }

    final long now() {
        return backend.ttlTime().getAsLong();
    }

    final boolean expired(TtlValue<?> value, long now) {
        return value.expiredAt(now, ttlMs);
    }

    /**
     * {@code stored} without what expired at {@code now}: itself when nothing did, null when all
     * did, else a new value (never changed in place: a snapshot may share it).
     */
    abstract V unexpired(V stored, long now);

    /** Called by every access of the state, before it reads or writes the current key. */
    final void cleanupOnAccess() {
        if (cleanupSize > 0) {
            cleanupIncrementally();
        }
    }

    /** Checks the next {@code cleanupSize} entries of the state's key groups, in turn, for expired values. */
    final void cleanupIncrementally() {
        long now = now();
        int left = cleanupSize;
        for (int groups = 0; left > 0 && groups < maps.length; ) {
            StateMap<K, V> map = maps[cleanupKeyGroup];
            int[] visited = {0};
            int next = map.scan(cleanupPosition, left, (key, stored) -> {
                visited[0]++;
                V kept = unexpired(stored, now);
                if (kept != stored) {
                    cleanupKeys.add(key);
                    cleanupValues.add(kept);
                }
            });
            left -= visited[0];
            for (int i = 0; i < cleanupKeys.size(); i++) {
                K key = cleanupKeys.get(i);
                V kept = cleanupValues.get(i);
                int hash = HeapKeyedStateBackend.mapHash(key.hashCode());
                if (kept == null) {
                    map.remove(key, hash);
                } else {
                    map.put(key, hash, kept);
                }
            }
            cleanupKeys.clear();
            cleanupValues.clear();
            if (next < 0 || visited[0] == 0) {
                cleanupPosition = 0;
                cleanupKeyGroup = (cleanupKeyGroup + 1) % maps.length;
                groups++;
            } else {
                cleanupPosition = next;
            }
        }
    }
}
