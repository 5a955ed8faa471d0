package io.ringflow.storage.log;

/**
 * Layout of one document of a log queue: a type byte, then the fields of that type, in the
 * byte order of the platform (Chronicle writes native order). Every document names the
 * transaction it belongs to; {@link #AUTO_COMMIT_TXN_ID} marks a record that needs no commit.
 *
 * <pre>
 *  RECORD                                  COMMIT
 *  offset size field                       offset size field
 *  0      1    type = 1                    0      1    type = 2
 *  1      8    transaction id              1      8    transaction id
 *  9      8    event time ms (MIN = none)
 *  17     8    append time ms (wall clock)
 *  25     4    payload length n
 *  29     n    payload: the record's codec bytes
 * </pre>
 */
public final class LogDocumentDescriptor {
    /** A record of a transaction, or of none when its id is {@link #AUTO_COMMIT_TXN_ID}. */
    public static final byte RECORD_TYPE = 1;
    /** Makes the records of one transaction visible; a second commit of the same id changes nothing. */
    public static final byte COMMIT_TYPE = 2;
    /** The transaction id of records that are visible as soon as they are written (at-least-once). */
    public static final long AUTO_COMMIT_TXN_ID = 0;
    /** The timestamp of a record that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public static final int TYPE_OFFSET = 0;
    public static final int TXN_ID_OFFSET = TYPE_OFFSET + Byte.BYTES;
    public static final int TIMESTAMP_OFFSET = TXN_ID_OFFSET + Long.BYTES;
    public static final int APPEND_TIME_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    public static final int PAYLOAD_LENGTH_OFFSET = APPEND_TIME_OFFSET + Long.BYTES;
    /** Bytes of a record before its payload. */
    public static final int RECORD_HEADER_LENGTH = PAYLOAD_LENGTH_OFFSET + Integer.BYTES;
    public static final int COMMIT_LENGTH = TXN_ID_OFFSET + Long.BYTES;

    private LogDocumentDescriptor() {
    }

    /** Offset of the payload in a record document. */
    public static int payloadOffset() {
        return RECORD_HEADER_LENGTH;
    }

    /** The length of a record document with {@code payloadLength} bytes of payload. */
    public static int recordLength(int payloadLength) {
        return RECORD_HEADER_LENGTH + payloadLength;
    }
}
