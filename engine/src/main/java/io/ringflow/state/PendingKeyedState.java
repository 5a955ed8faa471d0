package io.ringflow.state;

import io.ringflow.api.state.StateDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Restored entries of a state that no function has registered yet, kept as the bytes of their
 * snapshot sections per key group: they are decoded once the state is requested (its codec
 * is known only then) and written back unchanged by snapshots taken before that. From an
 * incremental checkpoint a key group has its full section followed by change sections, kept
 * and applied in that order.
 */
final class PendingKeyedState {
    final String name;
    final StateDescriptor.Kind kind;
    /** Per key group index: its sections in the order they apply, or null. */
    final List<Section>[] sections;
    /** The type every section was written with; null in snapshots written before types were stored. */
    StateType type;
    private boolean added;

    /** One section's entries as written: all of them, or the changes ({@code delta}) to those before. */
    record Section(boolean delta, int count, byte[] bytes) {
    }

    @SuppressWarnings("unchecked")
    PendingKeyedState(String name, StateDescriptor.Kind kind, int keyGroups) {
        this.name = name;
        this.kind = kind;
        this.sections = (List<Section>[]) new List<?>[keyGroups];
    }

    void add(StateDescriptor.Kind sectionKind, StateType sectionType, int keyGroupIndex, Section section) {
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
        List<Section> groupSections = sections[keyGroupIndex];
        if (groupSections != null && !section.delta()) {
            throw new IllegalStateException("state '" + name + "' restores the same key group twice");
        }
        if (groupSections == null) {
            groupSections = new ArrayList<>(1);
            sections[keyGroupIndex] = groupSections;
        }
        groupSections.add(section);
    }

    /** A copy with its own arrays, so that a later restore cannot change what a snapshot writes. */
    PendingKeyedState copy() {
        PendingKeyedState copy = new PendingKeyedState(name, kind, sections.length);
        for (int i = 0; i < sections.length; i++) {
            copy.sections[i] = sections[i] == null ? null : List.copyOf(sections[i]);
        }
        copy.type = type;
        copy.added = added;
        return copy;
    }
}
