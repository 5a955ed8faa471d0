package io.ringflow.state;

import io.ringflow.api.state.StateDescriptor;

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

    PendingKeyedState(String name, StateDescriptor.Kind kind, int keyGroups) {
        this.name = name;
        this.kind = kind;
        this.counts = new int[keyGroups];
        this.entries = new byte[keyGroups][];
    }

    void add(StateDescriptor.Kind sectionKind, int keyGroupIndex, int count, byte[] bytes) {
        if (sectionKind != kind) {
            throw new IllegalStateException("state '" + name + "' is restored both as " + kind
                + " and as " + sectionKind + " state");
        }
        if (entries[keyGroupIndex] != null) {
            throw new IllegalStateException("state '" + name + "' restores the same key group twice");
        }
        counts[keyGroupIndex] = count;
        entries[keyGroupIndex] = bytes;
    }
}
