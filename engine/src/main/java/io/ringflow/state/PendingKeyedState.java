package io.ringflow.state;

import io.ringflow.api.state.StateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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

    /**
     * One section's entries as written: all of them, or the changes ({@code delta}) to those before.
     * A task's restore keeps a view of the checkpoint's mapped file ({@code view}), not a copy:
     * nothing to copy or page in, and codecs decode the restore from the same kind of memory as
     * records from ring slots, so the code the JIT compiled for one stays valid for the other
     * (heap copies made a process's first restore throw away the compiled decoder, 2026-12-06).
     */
    record Section(boolean delta, int count, DirectBuffer bytes, boolean view) {
        /** A heap copy of the next {@code length} bytes of {@code in}, which moves past them. */
        static Section copyOf(boolean delta, int count, BlockReader in, int length) {
            return new Section(delta, count, new UnsafeBuffer(in.getBytes(length)), false);
        }

        /** A view of the next {@code length} bytes of {@code in}, which moves past them; valid while its memory is. */
        static Section viewOf(boolean delta, int count, BlockReader in, int length) {
            return new Section(delta, count, in.view(length), true);
        }

        int length() {
            return bytes.capacity();
        }

        /** This section with its bytes on the heap. */
        Section onHeap() {
            if (!view) {
                return this;
            }
            byte[] copy = new byte[length()];
            bytes.getBytes(0, copy);
            return new Section(delta, count, new UnsafeBuffer(copy), false);
        }
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

    /** How many entries the sections hold in all (changes counted as entries). */
    long entries() {
        long entries = 0;
        for (List<Section> groupSections : sections) {
            if (groupSections != null) {
                for (Section section : groupSections) {
                    entries += section.count();
                }
            }
        }
        return entries;
    }

    /** Replaces every view by a heap copy, so that the memory viewed can go. */
    void copyViewsToHeap() {
        for (List<Section> groupSections : sections) {
            if (groupSections != null) {
                groupSections.replaceAll(Section::onHeap);
            }
        }
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
