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
    /**
     * The newest version a live snapshot of whole tables still reads; 0 when none. A snapshot of
     * changes only reads the values its change lists hold, so a primitive map whose lists hold
     * values keeps writing its tables in place under it and copies only the values.
     */
    int highestTableRequired;
    /** Whether maps list the keys they change, for incremental snapshots. */
    boolean trackChanges;
    private final IntArrayList live = new IntArrayList();
    private final IntArrayList liveTables = new IntArrayList();
    /** The task thread's clock; a test sets its own. */
    java.util.function.LongSupplier clock = System::nanoTime;
    /** How long the last snapshot that was written later stayed live (copying on write), or -1. */
    long lastLiveNanos = -1;

    /** Starts a snapshot of whole tables: everything written so far becomes shared with it. */
    int begin() {
        return begin(true);
    }

    /** Starts a snapshot; {@code tables} false for one that reads only the values its change lists hold. */
    int begin(boolean tables) {
        current++;
        highestRequired = current;
        live.addInt(current);
        if (tables) {
            highestTableRequired = current;
            liveTables.addInt(current);
        }
        return current;
    }

    /** Ends the snapshot of {@code version}; false when it was already released. */
    boolean release(int version) {
        if (!live.removeInt(version)) {
            return false;
        }
        highestRequired = highest(live);
        if (liveTables.removeInt(version)) {
            highestTableRequired = highest(liveTables);
        }
        return true;
    }

    private static int highest(IntArrayList versions) {
        int highest = 0;
        for (int i = 0; i < versions.size(); i++) {
            highest = Math.max(highest, versions.getInt(i));
        }
        return highest;
    }

    /** The number of snapshots not yet released. */
    int liveCount() {
        return live.size();
    }
}
