package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.StateDescriptor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import static io.ringflow.state.KeyGroupBlockDescriptor.BEGIN_MARKER;
import static io.ringflow.state.KeyGroupBlockDescriptor.END_MARKER;

/**
 * The keyed state of a backend as it was at {@link HeapKeyedStateBackend#snapshot()}: the pinned
 * tables of every state, encoded on demand one key group at a time.
 *
 * <p>Threading: {@link #writeTo} and {@link #writeKeyGroup} may run on any one thread at a
 * time (the snapshot is handed over through a queue or another safe publication) while the task
 * keeps writing state. {@link #release()} must run on the task thread after writing finished;
 * until then the backend keeps copying on write for this snapshot. The writing thread calls the
 * states' codecs while the task may use the same codec instances, which stateless codecs allow.
 *
 * <p>A small state is better {@link #materialize() materialized} at once on the task thread and
 * released: copy-on-write re-allocates every entry the task touches while a snapshot is live, and
 * for a state written all over (W1: every key within a checkpoint interval) those copies, and the
 * scattered entries they leave behind, cost the task far more than encoding the state once.
 *
 * <p>An incremental snapshot ({@link #isIncremental()}) is the next link of its backend's chain:
 * either full (a materialization) or, when {@link #isDelta()}, only the keys changed since its
 * {@link #base()}, each with its value as of the snapshot or, when gone, as removed.
 */
public final class KeyedStateSnapshot {
    private final Codec<?> keyCodec;
    private final KeyGroupRange range;
    private final int version;
    private final SnapshotVersions versions;
    private final List<PinnedState<?, ?>> states = new ArrayList<>();
    private final List<PendingKeyedState> pending = new ArrayList<>();
    private boolean released;
    // the encoded key groups once materialized: block i is [blockStarts[i], blockStarts[i + 1])
    private BlockWriter materialized;
    private int[] blockStarts;
    private Consumer<BlockWriter> recycler; // takes the buffer back once written
    private final boolean incremental;
    private final boolean delta;
    private final List<StreamHandle> base;
    private volatile StreamHandle written;
    private long pinnedAtNanos; // moved on by time spent on warm-up writes, which the task's copy-on-write estimate must not count
    private RestoreWarmup warmup; // set on the task thread before the snapshot is handed over
    private long entries = -1; // (state, key) entries to write, set by the backend; -1: not known

    /**
     * @param changes per registered state (same order), the lists of keys changed since
     *                {@code base}, or null for a snapshot of every entry
     * @param base    the chain this one extends; null when not incremental, empty when full
     */
    <K> KeyedStateSnapshot(Codec<K> keyCodec, KeyGroupRange range, int version, SnapshotVersions versions,
                           List<RegisteredKeyedState<K, ?>> registered, Collection<PendingKeyedState> restored,
                           List<ChangedKeys<K>> changes, List<StreamHandle> base) {
        this.keyCodec = keyCodec;
        this.range = range;
        this.version = version;
        this.versions = versions;
        this.incremental = base != null;
        this.delta = changes != null;
        this.base = base == null ? List.of() : List.copyOf(base);
        this.pinnedAtNanos = versions.clock.getAsLong();
        for (int i = 0; i < registered.size(); i++) {
            states.add(new PinnedState<>(registered.get(i), changes == null ? null : changes.get(i)));
        }
        if (changes == null) {
            for (PendingKeyedState p : restored) {
                pending.add(p.copy());
            }
        }
    }

    /** True when this snapshot is a link of an incremental chain, written to shared storage. */
    public boolean isIncremental() {
        return incremental;
    }

    /** True when it holds only changes since {@link #base()}. */
    public boolean isDelta() {
        return delta;
    }

    /** The confirmed chain this snapshot extends, oldest first; empty for a full one. */
    public List<StreamHandle> base() {
        return base;
    }

    /** Where the snapshot writer put this snapshot; set once written, read when its checkpoint completes. */
    public void written(StreamHandle handle) {
        written = handle;
    }

    StreamHandle writtenHandle() {
        return written;
    }

    /** The key groups this snapshot covers. */
    public KeyGroupRange keyGroupRange() {
        return range;
    }

    /**
     * Encodes every key group now, into {@code into} (reset first), and releases the pinned
     * tables: the task stops copying on write for this snapshot. Task thread only.
     */
    void materialize(BlockWriter into, Consumer<BlockWriter> recycler) {
        int groups = range.end() - range.start() + 1;
        int[] starts = new int[groups + 1];
        into.reset();
        for (int i = 0; i < groups; i++) {
            starts[i] = into.position();
            writeKeyGroup(range.start() + i, into);
        }
        starts[groups] = into.position();
        unpin(false);
        materialized = into;
        blockStarts = starts;
        this.recycler = recycler;
    }

    /** Encodes every key group of the range, in ascending order, into {@code sink}; a delta skips unchanged ones. */
    public void writeTo(KeyGroupSink sink) {
        RestoreWarmup claimed = warmup != null && warmup.claim() ? warmup : null;
        warmup = null;
        if (claimed == null) {
            writeBlocksTo(sink);
            return;
        }
        try {
            writeBlocksTo(claimed.tap(sink));
        } finally {
            claimed.start();
        }
    }

    /** The (state, key) entries a full snapshot writes, or -1 when not known. */
    public long entries() {
        return entries;
    }

    void entries(long entries) {
        this.entries = entries;
    }

    /**
     * Leaves {@code nanos} the writer spent on other writes of this snapshot (the warm-up) out of
     * how long it stayed live, which decides whether the backend pins the next one. Writing thread,
     * before the snapshot is handed back for release.
     */
    public void notLiveFor(long nanos) {
        pinnedAtNanos += nanos;
    }

    /** Restores part of this snapshot in the background once written, to compile the restore code ({@link RestoreWarmup}). */
    void warmRestoreWith(RestoreWarmup warmup) {
        this.warmup = warmup;
    }

    private void writeBlocksTo(KeyGroupSink sink) {
        if (materialized != null) {
            for (int i = 0; i + 1 < blockStarts.length; i++) {
                if (blockStarts[i + 1] > blockStarts[i]) {
                    sink.accept(range.start() + i, materialized.buffer(), blockStarts[i], blockStarts[i + 1] - blockStarts[i]);
                }
            }
            return;
        }
        BlockWriter out = new BlockWriter();
        for (int keyGroup = range.start(); keyGroup <= range.end(); keyGroup++) {
            writeKeyGroup(keyGroup, out.reset());
            if (out.position() > 0) {
                sink.accept(keyGroup, out.buffer(), 0, out.position());
            }
        }
    }

    /** Appends the block of {@code keyGroup} (see {@link KeyGroupBlockDescriptor}) to {@code out}. */
    public void writeKeyGroup(int keyGroup, BlockWriter out) {
        if (materialized != null && range.contains(keyGroup)) {
            int i = keyGroup - range.start();
            out.putBytes(materialized.buffer(), blockStarts[i], blockStarts[i + 1] - blockStarts[i]);
            return;
        }
        if (released) {
            throw new IllegalStateException("snapshot " + version + " was released and can no longer be written");
        }
        if (!range.contains(keyGroup)) {
            throw new IllegalArgumentException("key group " + keyGroup + " is outside the snapshot's " + range);
        }
        int index = keyGroup - range.start();
        if (delta && !anyChanges(index)) {
            return; // a delta block only for key groups that changed
        }
        out.putInt(BEGIN_MARKER);
        out.putInt(keyGroup);
        int sectionCountAt = out.position();
        out.putInt(0);
        int sections = 0;
        for (int i = 0; i < states.size(); i++) { // indexed: an iterator per key group and checkpoint was garbage
            sections += states.get(i).write(index, keyCodec, out) ? 1 : 0;
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingKeyedState p = pending.get(i);
            if (p.sections[index] != null) {
                for (PendingKeyedState.Section section : p.sections[index]) {
                    writeSectionHeader(out, p.name, p.kind, p.type, section.delta());
                    out.putInt(section.count());
                    out.putInt(section.length());
                    out.putBytes(section.bytes(), 0, section.length());
                    sections++;
                }
            }
        }
        out.putIntAt(sectionCountAt, sections);
        out.putInt(END_MARKER);
    }

    /**
     * Lets the backend stop copying for this snapshot, or, once materialized, reuse its buffer.
     * Task thread only, after writing finished; idempotent.
     */
    public void release() {
        if (!released) {
            unpin(true);
        } else if (recycler != null) {
            recycler.accept(materialized);
            recycler = null;
            materialized = null; // a released snapshot is not written again
        }
    }

    private void unpin(boolean written) {
        released = true;
        versions.release(version);
        if (written) {
            versions.lastLiveNanos = versions.clock.getAsLong() - pinnedAtNanos;
        }
    }

    /** Whether it was encoded at once on the task thread rather than pinned for the writer. */
    public boolean isMaterialized() {
        return materialized != null;
    }

    private boolean anyChanges(int index) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).hasChanges(index)) {
                return true;
            }
        }
        return false;
    }

    private static void writeSectionHeader(BlockWriter out, String name, StateDescriptor.Kind kind, StateType type,
                                           boolean delta) {
        out.putString(name);
        out.putByte((byte) (StateType.flagged(kind.ordinal(), type != null) | (delta ? StateType.DELTA : 0)));
        if (type != null) {
            type.write(out);
        }
    }

    /** One state's tables as pinned at snapshot time; nothing reachable from them changes. */
    private static final class PinnedState<K, V> {
        private final String name;
        private final StateDescriptor.Kind kind;
        private final StateValueCodec<V> values;
        private final StateType type;
        private final StateMap.Pinned<K, V>[] tables;
        private final ChangedKeys<K> changes; // null: every entry

        @SuppressWarnings("unchecked")
        PinnedState(RegisteredKeyedState<K, V> state, ChangedKeys<K> changes) {
            this.changes = changes;
            this.name = state.name();
            this.kind = state.descriptor.getKind();
            this.values = state.values;
            this.type = state.type;
            this.tables = (StateMap.Pinned<K, V>[]) new StateMap.Pinned<?, ?>[state.maps.length];
            for (int i = 0; i < tables.length; i++) { // a change link reads only the key groups that changed
                tables[i] = changes == null || changes.any(i) ? state.maps[i].pin() : null;
            }
        }

        boolean hasChanges(int index) {
            return changes != null && changes.any(index);
        }

        /** Writes the section of key group {@code index}; false (nothing written) when it has no entries. */
        @SuppressWarnings("unchecked")
        boolean write(int index, Codec<?> keyCodec, BlockWriter out) {
            if (changes != null) {
                return writeChanges(index, (Codec<K>) keyCodec, out);
            }
            int sectionAt = out.position();
            writeSectionHeader(out, name, kind, type, false);
            int countAt = out.position();
            out.putInt(0);
            out.putInt(0);
            int entriesAt = out.position();
            int count = tables[index].writeEntries((Codec<K>) keyCodec, values, out);
            if (count == 0) {
                out.truncate(sectionAt);
                return false;
            }
            out.putIntAt(countAt, count);
            out.putIntAt(countAt + 4, out.position() - entriesAt);
            return true;
        }

        /** The changed keys of key group {@code index}: those present with their value, then those removed. */
        private boolean writeChanges(int index, Codec<K> keyCodec, BlockWriter out) {
            if (!changes.any(index)) {
                return false;
            }
            writeSectionHeader(out, name, kind, type, true);
            int countAt = out.position();
            out.putInt(0);
            out.putInt(0);
            int entriesAt = out.position();
            int count = tables[index].writeChanges(changes.keysOf(index), keyCodec, values, out);
            out.putIntAt(countAt, count);
            out.putIntAt(countAt + 4, out.position() - entriesAt);
            return true;
        }
    }
}
