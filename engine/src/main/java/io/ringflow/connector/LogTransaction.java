package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A transaction of an exactly-once Chronicle log: its random id, the writer of the subtask that
 * appends its records or its commit, and whether it holds any record yet. A checkpoint keeps
 * only the id (8 bytes); a restored transaction gets the writer of the subtask that recovers it.
 */
final class LogTransaction {
    /** Encodes the id only: a restored transaction has no writer until it is recovered. */
    static final Codec<LogTransaction> CODEC = new Codec<>() {
        @Override
        public int encode(LogTransaction value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < Long.BYTES) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value.id);
            return Long.BYTES;
        }

        @Override
        public LogTransaction decode(DirectBuffer buffer, int offset, int length) {
            return restored(buffer.getLong(offset), null);
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

    final long id;
    final LogRecordWriter<?> writer;
    // an empty transaction needs neither a sync nor a commit; a restored one may hold records
    private boolean empty;

    private LogTransaction(long id, LogRecordWriter<?> writer, boolean empty) {
        this.id = id;
        this.writer = writer;
        this.empty = empty;
    }

    /** A new transaction of the subtask of {@code writer}. */
    static LogTransaction begin(LogRecordWriter<?> writer) {
        return new LogTransaction(writer.newTransactionId(), writer, true);
    }

    /** Transaction {@code id} from a checkpoint, to be settled through {@code writer}. */
    static LogTransaction restored(long id, LogRecordWriter<?> writer) {
        return new LogTransaction(id, writer, false);
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
