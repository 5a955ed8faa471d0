package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A transaction of an exactly-once Chronicle log: its random id, the writer of the subtask that
 * appends its records or its commit, and whether it holds any record yet. A checkpoint keeps the
 * id, the subtask whose queue holds its records and that queue's last index when it began (20
 * bytes; checkpoints before 2026-12-07 kept the id alone, 8 bytes); a restored transaction gets
 * the writer of the subtask that recovers it.
 */
final class LogTransaction {
    /** Encodes the id only: a restored transaction has no writer until it is recovered. */
    static final Codec<LogTransaction> CODEC = new Codec<>() {
        @Override
        public int encode(LogTransaction value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < ENCODED_LENGTH) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value.id);
            buffer.putInt(offset + Long.BYTES, value.subtask);
            buffer.putLong(offset + Long.BYTES + Integer.BYTES, value.startIndex);
            return ENCODED_LENGTH;
        }

        @Override
        public LogTransaction decode(DirectBuffer buffer, int offset, int length) {
            if (length < ENCODED_LENGTH) {
                return new LogTransaction(buffer.getLong(offset), null, false, UNKNOWN_SUBTASK, LogTailer.NO_INDEX);
            }
            return new LogTransaction(buffer.getLong(offset), null, false, buffer.getInt(offset + Long.BYTES),
                buffer.getLong(offset + Long.BYTES + Integer.BYTES));
        }

        @Override
        public Class<?> type() {
            return LogTransaction.class;
        }

        @Override
        public LogTransaction copy(LogTransaction value) {
            return value;
        }
    };

    static final int ENCODED_LENGTH = Long.BYTES + Integer.BYTES + Long.BYTES;
    /** The subtask of a transaction restored from a checkpoint that did not keep it. */
    static final int UNKNOWN_SUBTASK = -1;

    final long id;
    final LogRecordWriter<?> writer;
    /** The subtask whose queue holds its records, and that queue's last index when it began. */
    final int subtask;
    final long startIndex;
    // an empty transaction needs neither a sync nor a commit; a restored one may hold records
    private boolean empty;

    private LogTransaction(long id, LogRecordWriter<?> writer, boolean empty, int subtask, long startIndex) {
        this.id = id;
        this.writer = writer;
        this.empty = empty;
        this.subtask = subtask;
        this.startIndex = startIndex;
    }

    /** A new transaction of the subtask of {@code writer}. */
    static LogTransaction begin(LogRecordWriter<?> writer) {
        return new LogTransaction(writer.newTransactionId(), writer, true, writer.subtask(), writer.lastIndexInQueue());
    }

    /** {@code restored} from a checkpoint, to be settled through {@code writer}. */
    static LogTransaction restored(LogTransaction restored, LogRecordWriter<?> writer) {
        return new LogTransaction(restored.id, writer, false, restored.subtask, restored.startIndex);
    }

    boolean isEmpty() {
        return empty;
    }

    void recordWritten() {
        empty = false;
    }

    @Override
    public String toString() {
        return "log transaction " + Long.toHexString(id);
    }
}
