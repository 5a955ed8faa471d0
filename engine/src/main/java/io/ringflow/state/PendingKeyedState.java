package io.ringflow.state;

import io.ringflow.api.state.StateDescriptor;

import java.util.Objects;

/**
 * Restored entries of a state that no function has registered yet, kept as the bytes of their
 * snapshot sections per key group: they are decoded once the state is requested (its codec
 * is known only then) and written back unchanged by snapshots taken before that.
 */
final class PendingKeyedState {
    final String name;
    final StateDescriptor.Kind kind;
    /** Per key group index: the entry count and the entries bytes, or null. */
    final int[] counts;
    final byte[][] entries;
    /** The type every section was written with; null in snapshots written before types were stored. */
    StateType type;
    private boolean added;

    PendingKeyedState(String name, StateDescriptor.Kind kind, int keyGroups) {
        this.name = name;
        this.kind = kind;
        this.counts = new int[keyGroups];
        this.entries = new byte[keyGroups][];
    }

    void add(StateDescriptor.Kind sectionKind, StateType sectionType, int keyGroupIndex, int count, byte[] bytes) {
        if (sectionKind != kind) {
            throw new IllegalStateException("state '" + name + "' is restored both as " + kind
                + " and as " + sectionKind + " state");
        }
        if (added && !Objects.equals(type, sectionType)) {
            throw new IllegalStateException("state '" + name + "' is restored both as " + type
                + " and as " + sectionType + ": its key groups come from snapshots of different jobs");
        }
        added = true;
        type = sectionType;
        if (entries[keyGroupIndex] != null) {
            throw new IllegalStateException("state '" + name + "' restores the same key group twice");
        }
        counts[keyGroupIndex] = count;
        entries[keyGroupIndex] = bytes;
    }

    /** A copy with its own arrays, so that a later restore cannot change what a snapshot writes. */
    PendingKeyedState copy() {
        PendingKeyedState copy = new PendingKeyedState(name, kind, entries.length);
        System.arraycopy(counts, 0, copy.counts, 0, counts.length);
        System.arraycopy(entries, 0, copy.entries, 0, entries.length);
        copy.type = type;
        copy.added = added;
        return copy;
    }
}
