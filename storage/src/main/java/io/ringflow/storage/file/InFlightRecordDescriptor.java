package io.ringflow.storage.file;

/**
 * Body of an in-flight file: the channel's records in ring order, each length-prefixed, as
 * the bytes their codec wrote into the ring slot. The footer holds the record count.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Record Length                            |
 *  +---------------------------------------------------------------+
 *  |                       Record Bytes ...                        ...
 * </pre>
 */
public final class InFlightRecordDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int HEADER_LENGTH = 4;

    private InFlightRecordDescriptor() {
    }

    /** Offset of the bytes of the record whose header is at {@code recordOffset}. */
    public static int payloadOffset(int recordOffset) {
        return recordOffset + HEADER_LENGTH;
    }
}
