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
 *  |                           slot type                           |
 *  +---------------------------------------------------------------+
 *  |                 timestamp (ms, Long.MIN_VALUE = none)         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |             payload: the record as its codec wrote it        ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Watermarks carry their time in the timestamp field and no payload.
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

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private SlotDescriptor() {
    }

    public static int slotOffset(long sequence, int indexMask, int slotLength) {
        return (int) (sequence & indexMask) * slotLength;
    }

    public static int payloadOffset(int slotOffset) {
        return slotOffset + HEADER_LENGTH;
    }
}
