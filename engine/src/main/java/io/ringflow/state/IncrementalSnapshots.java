package io.ringflow.state;

import io.ringflow.storage.metadata.StreamHandle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain of a backend's incremental snapshots (Flink's {@code state.backend.incremental}).
 *
 * <p>Every snapshot begins a new interval of changed keys. A checkpoint's snapshot is the next
 * link of the confirmed chain: the keys changed in the intervals since the chain's last link, or
 * a full snapshot (a materialization) when there is no chain yet, after a restore, after an
 * aborted change snapshot, when the chain reached {@link #MAX_CHAIN} links or when its changes
 * weigh {@link #MAX_CHANGES_PER_FULL} times its full link (so a restore never reads more than
 * about four times the state).
 * Only a completed checkpoint moves the chain on, and only forward. Task thread only.
 */
final class IncrementalSnapshots<K> {
    /** Links of a chain at most: a restore opens each. */
    static final int MAX_CHAIN = 100;
    /**
     * How much the change links of a chain may weigh against its full link before the next link is
     * full. A state whose every key changes each interval (W1 at 1 ms) materializes on the task
     * every fourth link instead of every second: W1 at a 1 ms interval 5.50 → 6.61 M events/s
     * (medians of three). A restore reads up to four times the state instead of twice.
     */
    static final int MAX_CHANGES_PER_FULL = 3;

    private final List<Interval<K>> intervals = new ArrayList<>();
    private final TreeMap<Long, Link> pending = new TreeMap<>();
    private List<StreamHandle> chain = List.of();
    private long chainCheckpointId = -1;
    private boolean nextFull = true;
    private long newestFullLink = -1;
    private long chainFullEntries = 1; // entries when the chain's full link was taken

    /** A link taken and not yet completed or aborted, with the state's entries when it was taken. */
    private record Link(KeyedStateSnapshot snapshot, long entries) {
    }

    /** One snapshot interval: per state name, the keys it changed. */
    private record Interval<K>(long checkpointId, Map<String, ChangedKeys<K>> changes) {
    }

    /** Ends the current interval, which a snapshot for {@code checkpointId} begins. */
    void beginInterval(long checkpointId, List<RegisteredKeyedState<K, ?>> states) {
        Map<String, ChangedKeys<K>> changes = new HashMap<>();
        for (RegisteredKeyedState<K, ?> state : states) {
            changes.put(state.name(), ChangedKeys.take(state));
        }
        intervals.add(new Interval<>(checkpointId, changes));
    }

    /**
     * The changes since the chain's last link, per state in {@code states}' order, or null when
     * the next link must be full; {@code entries} is the state's size now.
     */
    List<ChangedKeys<K>> changesForNextLink(List<RegisteredKeyedState<K, ?>> states, long entries) {
        // the full link's size scaled to the state's size now: a state that grew since must not materialize too early
        double fullBytesNow = chain.isEmpty() ? 0 : chain.get(0).length() * Math.max(1.0, (double) entries / chainFullEntries);
        if (nextFull || chain.isEmpty() || chain.size() >= MAX_CHAIN || changeBytes() >= fullBytesNow * MAX_CHANGES_PER_FULL) {
            return null;
        }
        List<ChangedKeys<K>> result = new ArrayList<>(states.size());
        long changed = 0;
        for (RegisteredKeyedState<K, ?> state : states) {
            ChangedKeys<K> union = new ChangedKeys<>(state.maps.length);
            for (Interval<K> interval : intervals) {
                ChangedKeys<K> c = interval.changes().get(state.name());
                if (c != null) {
                    union.addAll(c);
                }
            }
            changed += union.size();
            result.add(union);
        }
        return changed >= entries && entries > 0 ? null : result; // then a full link is no larger
    }

    /** The chain a change link extends. */
    List<StreamHandle> chain() {
        return chain;
    }

    /** {@code snapshot} was taken for checkpoint {@code checkpointId} as the next link. */
    void taken(long checkpointId, KeyedStateSnapshot snapshot, long entries) {
        pending.put(checkpointId, new Link(snapshot, entries));
        if (!snapshot.isDelta()) {
            // the intervals it holds are dropped, so links stay full until this one is confirmed: a change
            // link on the older chain would lack them
            nextFull = true;
            newestFullLink = checkpointId;
            intervals.removeIf(interval -> interval.checkpointId() <= checkpointId);
        }
    }

    /** A checkpoint completed: its link, if it is newer, becomes the chain's last. */
    void completed(long checkpointId) {
        Link taken = pending.get(checkpointId);
        KeyedStateSnapshot link = taken == null ? null : taken.snapshot();
        if (link == null || checkpointId <= chainCheckpointId || link.writtenHandle() == null) {
            return;
        }
        List<StreamHandle> next = new ArrayList<>(link.base());
        next.add(link.writtenHandle());
        chain = List.copyOf(next);
        chainCheckpointId = checkpointId;
        pending.headMap(checkpointId, true).clear();
        intervals.removeIf(interval -> interval.checkpointId() <= checkpointId);
        if (!link.isDelta()) {
            chainFullEntries = Math.max(1, taken.entries());
        }
        if (checkpointId == newestFullLink) {
            nextFull = false;
        }
    }

    /**
     * A checkpoint was aborted: its link is dropped and the next one is full, in case a file of
     * the chain went (retention may delete what only an older checkpoint used).
     */
    void aborted(long checkpointId) {
        if (pending.remove(checkpointId) != null) {
            nextFull = true;
        }
    }

    private long changeBytes() {
        long bytes = 0;
        for (int i = 1; i < chain.size(); i++) {
            bytes += chain.get(i).length();
        }
        return bytes;
    }
}
