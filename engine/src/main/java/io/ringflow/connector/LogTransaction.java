package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A transaction of an exactly-once Chronicle log: its random id, and the writer of the subtask
 * that appends its records or its commit. A checkpoint keeps only the id (8 bytes); a restored
 * transaction gets the writer of the subtask that recovers it.
 */
record LogTransaction(long id, LogRecordWriter<?> writer) {
    /** Encodes the id only: a restored transaction has no writer until it is recovered. */
    static final Codec<LogTransaction> CODEC = new Codec<>() {
        @Override
        public int encode(LogTransaction value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < Long.BYTES) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value.id());
            return Long.BYTES;
        }

        @Override
        public LogTransaction decode(DirectBuffer buffer, int offset, int length) {
            return new LogTransaction(buffer.getLong(offset), null);
        }

        @Override
        public Class<?> type() {
            return LogTransaction.class;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public LogTransaction copy(LogTransaction value) {
            return value;
        }
    };

    @Override
    public String toString() {
        return "log transaction " + Long.toHexString(id);
    }
}
