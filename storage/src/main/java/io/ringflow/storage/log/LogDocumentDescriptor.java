package io.ringflow.storage.log;

/**
 * Layout of one document of a log queue: a type byte, then the fields of that type, in the
 * byte order of the platform (Chronicle writes native order). Every document names the
 * transaction it belongs to; {@link #AUTO_COMMIT_TXN_ID} marks a record that needs no commit.
 * Writers write the checked types, whose CRC-32C covers the fields after the type and the
 * payload; the unchecked ones (written before 2026-12-07) are still read.
 *
 * <pre>
 *  CHECKED_RECORD                          CHECKED_COMMIT
 *  offset size field                       offset size field
 *  0      1    type = 3                    0      1    type = 4
 *  1      8    transaction id              1      8    transaction id
 *  9      8    event time ms (MIN = none)  9      4    CRC-32C of the transaction id
 *  17     8    append time ms (wall clock)
 *  25     4    payload length n            RECORD (type 1) and COMMIT (type 2): the same
 *  29     4    CRC-32C of 1..28, payload   without the CRC field
 *  33     n    payload: the record's codec bytes
 * </pre>
 */
public final class LogDocumentDescriptor {
    /** A record of a transaction, or of none when its id is {@link #AUTO_COMMIT_TXN_ID}; without a checksum. */
    public static final byte RECORD_TYPE = 1;
    /** Makes the records of one transaction visible; a second commit of the same id changes nothing. */
    public static final byte COMMIT_TYPE = 2;
    /** {@link #RECORD_TYPE} with a CRC-32C: what writers write. */
    public static final byte CHECKED_RECORD_TYPE = 3;
    /** {@link #COMMIT_TYPE} with a CRC-32C: what writers write. */
    public static final byte CHECKED_COMMIT_TYPE = 4;
    /** The transaction id of records that are visible as soon as they are written (at-least-once). */
    public static final long AUTO_COMMIT_TXN_ID = 0;
    /** The timestamp of a record that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public static final int TYPE_OFFSET = 0;
    public static final int TXN_ID_OFFSET = TYPE_OFFSET + Byte.BYTES;
    public static final int TIMESTAMP_OFFSET = TXN_ID_OFFSET + Long.BYTES;
    public static final int APPEND_TIME_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    public static final int PAYLOAD_LENGTH_OFFSET = APPEND_TIME_OFFSET + Long.BYTES;
    public static final int CHECKSUM_OFFSET = PAYLOAD_LENGTH_OFFSET + Integer.BYTES;
    /** Bytes of a checked record before its payload. */
    public static final int RECORD_HEADER_LENGTH = CHECKSUM_OFFSET + Integer.BYTES;

    private LogDocumentDescriptor() {
    }
}
