package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.StateDescriptor;

/**
 * The codec identities ({@link Codec#identity()}) of one keyed state, written beside its entries
 * in every snapshot section so that a restore refuses to decode them with a codec of another
 * layout, whichever old subtask a key group comes from.
 *
 * @param value  the identity of the value codec (of the elements for list and reducing state)
 * @param mapKey the identity of the map key codec; null unless map state
 */
record StateType(String value, String mapKey) {
    /**
     * Set in the kind (keyed) or mode (operator) byte of a state that carries its type. Snapshots
     * written before types were stored lack it and restore as before, unchecked.
     */
    static final int TYPED = 0x80;
    /** Set in the kind byte of a keyed section that changes the sections before it (incremental snapshots). */
    static final int DELTA = 0x40;

    static StateType of(StateDescriptor<?> descriptor) {
        String mapKey = descriptor instanceof MapStateDescriptor<?, ?> map ? map.getKeyCodec().identity() : null;
        return new StateType(descriptor.getCodec().identity(), mapKey);
    }

    void write(BlockWriter out) {
        out.putString(value);
        if (mapKey != null) {
            out.putString(mapKey);
        }
    }

    // Written out: a record's generated equals links an invokedynamic call site on its first call,
    // milliseconds of a process's first restore, which compares a section's type per key group.
    @Override
    public boolean equals(Object other) {
        return other instanceof StateType type && value.equals(type.value) && java.util.Objects.equals(mapKey, type.mapKey);
    }

    @Override
    public int hashCode() {
        return 31 * value.hashCode() + java.util.Objects.hashCode(mapKey);
    }

    static StateType read(BlockReader in, StateDescriptor.Kind kind) {
        String value = in.getString();
        return new StateType(value, kind == StateDescriptor.Kind.MAP ? in.getString() : null);
    }

    /** The kind or mode byte: its ordinal, flagged when a type follows. */
    static byte flagged(int ordinal, boolean typed) {
        return (byte) (ordinal | (typed ? TYPED : 0));
    }

    /** True when the keyed section whose kind byte is {@code flagged} holds changes, not every entry. */
    static boolean isDelta(int flagged) {
        return (flagged & DELTA) != 0;
    }

    /** True when a type follows the kind or mode byte {@code flagged}. */
    static boolean isTyped(int flagged) {
        return (flagged & TYPED) != 0;
    }

    /** The kind or mode that byte {@code flagged} names; {@code field} names it if it is unknown. */
    static <E extends Enum<E>> E enumOf(int flagged, E[] values, BlockReader in, String field) {
        int ordinal = flagged & ~(TYPED | DELTA) & 0xFF;
        if (ordinal >= values.length) {
            throw in.corrupt("unknown " + field + " " + ordinal);
        }
        return values[ordinal];
    }

    @Override
    public String toString() {
        return mapKey == null ? value : "map of " + mapKey + " to " + value;
    }
}
