package io.ringflow.channel;

/**
 * Layout of one ring slot in the channel's off-heap buffer.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        payload length                         |
 *  +---------------------------------------------------------------+
 *  |       key group + 1 (0: none)  |          slot type           |
 *  +---------------------------------------------------------------+
 *  |                 timestamp (ms, Long.MIN_VALUE = none)         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |             payload: the record as its codec wrote it        ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Watermarks carry their time in the timestamp field and no payload. The type field is one
 * little-endian int: the slot type in its low 16 bits, and in its high 16 bits the key group of a
 * one-slot record on a hash-partitioned channel, plus one (0 on every other slot). The producer
 * computed the key group to route the record, so the keyed task takes it from here instead of
 * hashing the key again.
 *
 * <h2>Records larger than a slot</h2>
 * A record whose encoding fits the payload ({@code slot size - 16}) takes one {@link #TYPE_RECORD}
 * slot: the fast path, unchanged by what follows. A larger one, up to
 * {@code ringflow.channel.max-record-size}, spans {@code n = ceil(length / payload)} consecutive
 * slots, as Aeron fragments a message: a {@link #TYPE_RECORD_FIRST} slot whose length field holds
 * the whole record's length and whose timestamp is the record's, then {@code n - 1}
 * {@link #TYPE_FRAGMENT} slots whose length field holds their own bytes and whose timestamp field
 * holds their fragment index (1..n-1). Every slot carries the next {@code payload} bytes.
 * <ul>
 *   <li>The producer claims the {@code n} slots at once and publishes them at once, so a consumer
 *   sees all of a record or none of it, and a barrier marker (placed at the cursor) never falls
 *   inside one. A record that wraps at the ring's end is no different: each slot is addressed by
 *   its own sequence.</li>
 *   <li>The consumer copies the fragments into a buffer of its own, reused, and decodes from it; it
 *   never stops polling inside a record, so its position, and thus every hold, capture range and
 *   marker check, falls between records.</li>
 *   <li>Whatever walks slots by sequence (in-flight capture) treats a first slot as the whole
 *   record and skips its fragments: a checkpoint persists a record whole or not at all, and a
 *   restore replays it whole.</li>
 *   <li>A record needing {@code n} slots waits for {@code n} free ones (in its overdraft). One
 *   needing more slots than the ring has crosses by reference instead ({@link #TYPE_RECORD_REF}),
 *   once the ring is empty: it never waits for room that cannot come.</li>
 * </ul>
 */
public final class SlotDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int TIMESTAMP_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    public static final int TYPE_RECORD = 1;
    public static final int TYPE_WATERMARK = 2;
    public static final int TYPE_IDLE = 3;
    public static final int TYPE_ACTIVE = 4;
    public static final int TYPE_END_OF_INPUT = 5;
    /** A claimed slot whose record could not be written: readers skip it. */
    public static final int TYPE_EMPTY = 6;
    /** The first slot of a record spanning several: the length field holds the whole record's length. */
    public static final int TYPE_RECORD_FIRST = 7;
    /** A further slot of a record: the timestamp field holds its index within the record, from 1. */
    public static final int TYPE_FRAGMENT = 8;
    /**
     * A record larger than the whole ring: one slot whose length field holds the record's length and
     * whose bytes the channel keeps on the heap beside the ring. The producer writes one only into an
     * otherwise empty ring, so at most one is held at a time; readers copy it as they copy a
     * {@link #TYPE_RECORD_FIRST} record.
     */
    public static final int TYPE_RECORD_REF = 9;

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    /** What {@link #keyGroup} returns for a slot that carries none. */
    public static final int NO_KEY_GROUP = -1;

    /** The slot type held in a type field {@code word}. */
    public static int type(int word) {
        return word & 0xFFFF;
    }

    /** The key group held in a type field {@code word}, or {@link #NO_KEY_GROUP}. */
    public static int keyGroup(int word) {
        return (word >>> 16) - 1;
    }

    /** The type field of a record slot of {@code type} carrying {@code keyGroup} (below 32,768, or {@link #NO_KEY_GROUP}). */
    public static int withKeyGroup(int type, int keyGroup) {
        return type | ((keyGroup + 1) << 16);
    }

    private SlotDescriptor() {
    }

    public static int slotOffset(long sequence, int indexMask, int slotLength) {
        return (int) (sequence & indexMask) * slotLength;
    }

    public static int payloadOffset(int slotOffset) {
        return slotOffset + HEADER_LENGTH;
    }

    /** Slots a record of {@code length} bytes takes. */
    public static int slotsFor(int length, int payloadCapacity) {
        return length <= payloadCapacity ? 1 : (int) (((long) length + payloadCapacity - 1) / payloadCapacity);
    }
}
