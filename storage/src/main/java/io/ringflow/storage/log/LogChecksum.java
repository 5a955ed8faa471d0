package io.ringflow.storage.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of a checked document: its fields, then its payload, so that a changed byte
 * anywhere is seen by the reader. One per writer or reader thread.
 */
final class LogChecksum {
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer fields = ByteBuffer.allocate(8 + 8 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);

    int ofRecord(long txnId, long timestamp, long appendTimeMs, byte[] payload, int offset, int length) {
        crc.reset();
        fields.clear();
        fields.putLong(txnId).putLong(timestamp).putLong(appendTimeMs).putInt(length).flip();
        crc.update(fields);
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    int ofCommit(long txnId) {
        crc.reset();
        fields.clear();
        fields.putLong(txnId).flip();
        crc.update(fields);
        return (int) crc.getValue();
    }
}
