package io.ringflow.storage.file;

import static io.ringflow.storage.file.SnapshotFileDescriptor.BYTE_ORDER;

import io.ringflow.storage.CorruptCheckpointException;
import org.agrona.DirectBuffer;

/** Streams the records of an in-flight file back in the order they were appended. */
public final class InFlightFileReader {
    private final DirectBuffer buffer;
    private final String label;
    private final int footer;
    private final long recordCount;

    public InFlightFileReader(DirectBuffer buffer, String label) {
        this.buffer = buffer;
        this.label = label;
        this.footer = Brackets.check(buffer, SnapshotFileDescriptor.TYPE_IN_FLIGHT, label);
        this.recordCount = buffer.getLong(footer + SnapshotFileDescriptor.FOOTER_VALUE_OFFSET, BYTE_ORDER);
    }

    public long recordCount() {
        return recordCount;
    }

    /** Delivers every record; fails naming the file when the records do not add up. */
    public long readRecords(RecordHandler handler) {
        int offset = SnapshotFileDescriptor.HEADER_LENGTH;
        long count = 0;
        while (offset < footer) {
            int length = buffer.getInt(offset + InFlightRecordDescriptor.LENGTH_OFFSET, BYTE_ORDER);
            int payload = InFlightRecordDescriptor.payloadOffset(offset);
            if (length < 0 || (long) payload + length > footer) {
                throw new CorruptCheckpointException(label + ": record " + count + " at offset " + offset
                    + " runs past the end of the records");
            }
            handler.onRecord(buffer, payload, length);
            offset = payload + length;
            count++;
        }
        if (count != recordCount) {
            throw new CorruptCheckpointException(label + ": " + count + " records where the footer says " + recordCount);
        }
        return count;
    }
}
