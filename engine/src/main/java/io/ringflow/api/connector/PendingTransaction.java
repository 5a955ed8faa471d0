package io.ringflow.api.connector;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A transaction pre-committed at checkpoint {@code checkpointId}, waiting for that checkpoint to
 * complete. Encoded as the checkpoint id (8 bytes) followed by the transaction's own codec bytes.
 */
record PendingTransaction<TXN>(long checkpointId, TXN transaction) {

    /** The codec of pending transactions whose handles {@code transactionCodec} encodes. */
    static <TXN> Codec<PendingTransaction<TXN>> codec(Codec<TXN> transactionCodec) {
        return new PendingCodec<>(transactionCodec);
    }

    private record PendingCodec<TXN>(Codec<TXN> transactionCodec) implements Codec<PendingTransaction<TXN>> {
        @Override
        public int encode(PendingTransaction<TXN> value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < Long.BYTES) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value.checkpointId());
            int written = transactionCodec.encode(value.transaction(), buffer, offset + Long.BYTES, capacity - Long.BYTES);
            return written == DOES_NOT_FIT ? DOES_NOT_FIT : Long.BYTES + written;
        }

        @Override
        public PendingTransaction<TXN> decode(DirectBuffer buffer, int offset, int length) {
            TXN transaction = transactionCodec.decode(buffer, offset + Long.BYTES, length - Long.BYTES);
            return new PendingTransaction<>(buffer.getLong(offset), transaction);
        }

        @Override
        public Class<?> type() {
            return PendingTransaction.class;
        }

        @Override
        public PendingTransaction<TXN> copy(PendingTransaction<TXN> value) {
            return new PendingTransaction<>(value.checkpointId(), transactionCodec.copy(value.transaction()));
        }
    }
}
