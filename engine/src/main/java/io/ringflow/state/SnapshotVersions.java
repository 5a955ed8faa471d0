package io.ringflow.state;

import org.agrona.collections.IntArrayList;

/**
 * The version clock shared by all copy-on-write maps of one backend. Every entry and value is
 * stamped with the version current when it was written; anything stamped below
 * {@link #highestRequired} may be read by a live snapshot and must be copied before a write.
 * Task thread only.
 */
final class SnapshotVersions {
    /** Stamped on entries, values and tables written now. */
    int current;
    /** The newest version a live snapshot still reads; 0 when no snapshot is live. */
    int highestRequired;
    /** Whether maps list the keys they change, for incremental snapshots. */
    boolean trackChanges;
    private final IntArrayList live = new IntArrayList();
    /** The task thread's clock; a test sets its own. */
    java.util.function.LongSupplier clock = System::nanoTime;
    /** How long the last snapshot that was written later stayed live (copying on write), or -1. */
    long lastLiveNanos = -1;

    /** Starts a snapshot: everything written so far becomes shared with it. */
    int begin() {
        current++;
        highestRequired = current;
        live.addInt(current);
        return current;
    }

    /** Ends the snapshot of {@code version}; false when it was already released. */
    boolean release(int version) {
        if (!live.removeInt(version)) {
            return false;
        }
        int highest = 0;
        for (int i = 0; i < live.size(); i++) {
            highest = Math.max(highest, live.getInt(i));
        }
        highestRequired = highest;
        return true;
    }

    /** The number of snapshots not yet released. */
    int liveCount() {
        return live.size();
    }
}
