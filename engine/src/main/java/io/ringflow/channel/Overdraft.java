package io.ringflow.channel;

import io.ringflow.api.codec.Codec;
import org.agrona.ExpandableArrayBuffer;

/**
 * What a producer emitted into a full ring: slots (and barriers placed after them) waiting on
 * the heap, in order, until the ring has room. It lets the record being processed finish its
 * emits (a flatMap's fan-out, a window firing, a restored record) without blocking the task,
 * which then takes no new input until the overdraft is drained, but keeps serving barriers,
 * aborts and cancel. Task thread only.
 *
 * <pre>
 *  entry: type field (4: type and key group) | payload length (4) | timestamp, or checkpoint id for a barrier (8) | payload
 * </pre>
 */
public final class Overdraft {
    private static final int HEADER = 16;
    private static final int TYPE_BARRIER = -1;
    private static final int INITIAL_BYTES = 4096;
    private static final int RETAINED_BYTES = 1 << 20;

    private final Channel channel;
    private ExpandableArrayBuffer entries = new ExpandableArrayBuffer(INITIAL_BYTES);
    private int readOffset;
    private int writeOffset;
    private int slots;

    public Overdraft(Channel channel) {
        this.channel = channel;
    }

    public boolean isEmpty() {
        return readOffset == writeOffset;
    }

    /** Bytes waiting, headers included. */
    public int bytes() {
        return writeOffset - readOffset;
    }

    /** Heap bytes its buffer takes now, drained bytes not yet given back included. */
    public int capacityBytes() {
        return entries.capacity();
    }

    /** Slots waiting (barriers not counted; a record larger than a slot counts all of its slots). */
    public int slots() {
        return slots;
    }

    /**
     * A record larger than a slot stays one entry: the drain claims all of its slots at once.
     *
     * @throws RecordTooLargeException when the record is larger than the channel's largest record
     */
    public <T> void appendRecord(T record, long timestamp, Codec<T> codec, String where) {
        appendRecord(record, timestamp, SlotDescriptor.NO_KEY_GROUP, codec, where);
    }

    /** As {@link #appendRecord(Object, long, Codec, String)}, the slot carrying {@code keyGroup} when it takes one slot. */
    public <T> void appendRecord(T record, long timestamp, int keyGroup, Codec<T> codec, String where) {
        int capacity = channel.payloadCapacity();
        entries.checkLimit(writeOffset + HEADER + capacity);
        int length = codec.encode(record, entries, writeOffset + HEADER, capacity);
        if (length < 0 && channel.maxRecordSize() > capacity) {
            length = EncodedLength.encodeGrowing(codec, record, entries, writeOffset + HEADER, 4 * capacity,
                channel.maxRecordSize());
        }
        if (length < 0) {
            throw new RecordTooLargeException(where, EncodedLength.measure(codec, record), channel.maxRecordSize(),
                capacity, channel.slotLength());
        }
        append(SlotDescriptor.withKeyGroup(SlotDescriptor.TYPE_RECORD, keyGroup), length, timestamp);
    }

    public void appendEvent(int type, long timestamp) {
        entries.checkLimit(writeOffset + HEADER);
        append(type, 0, timestamp);
    }

    /** A barrier goes after the slots already waiting, as it would have in the ring. */
    public void appendBarrier(long checkpointId, boolean unaligned) {
        entries.checkLimit(writeOffset + HEADER);
        entries.putInt(writeOffset, TYPE_BARRIER);
        entries.putInt(writeOffset + 4, unaligned ? 1 : 0);
        entries.putLong(writeOffset + 8, checkpointId);
        writeOffset += HEADER;
    }

    private void append(int type, int length, long timestamp) {
        entries.putInt(writeOffset, type);
        entries.putInt(writeOffset + 4, length);
        entries.putLong(writeOffset + 8, timestamp);
        writeOffset += HEADER + align(length);
        slots += channel.slotsFor(length);
    }

    /** Moves waiting entries into the ring while it has room; returns how many moved. */
    public int drain() {
        int moved = 0;
        while (readOffset < writeOffset) {
            int type = entries.getInt(readOffset);
            int length = entries.getInt(readOffset + 4);
            long timestamp = entries.getLong(readOffset + 8);
            if (type == TYPE_BARRIER) {
                channel.emitBarrier(timestamp, length == 1);
                readOffset += HEADER;
            } else if (channel.tryWriteSlot(type, timestamp, entries, readOffset + HEADER, length)) {
                readOffset += HEADER + align(length);
                slots -= channel.slotsFor(length);
            } else {
                break;
            }
            moved++;
        }
        if (readOffset == writeOffset) {
            readOffset = 0;
            writeOffset = 0;
            if (entries.capacity() > RETAINED_BYTES) {
                entries = new ExpandableArrayBuffer(INITIAL_BYTES); // a burst's buffer is not kept for good
            }
        } else if (readOffset >= RETAINED_BYTES && readOffset >= writeOffset - readOffset) {
            // A long fan-out keeps it from ever emptying: what was drained goes, so the buffer holds what
            // waits (the emit limit) rather than all the record emitted (a trial: out of heap at 600 MB).
            // Moving at most what was drained keeps the copying at one byte per byte appended.
            entries.putBytes(0, entries, readOffset, writeOffset - readOffset);
            writeOffset -= readOffset;
            readOffset = 0;
        }
        return moved;
    }

    private static int align(int length) {
        return (length + 7) & ~7;
    }

    @Override
    public String toString() {
        return slots + " slots, " + bytes() + " bytes";
    }
}
