package io.ringflow.channel;

import io.ringflow.api.codec.Codec;
import org.agrona.ExpandableArrayBuffer;

/** Encodes a record larger than a slot, and measures one that did not fit, for the error message. */
final class EncodedLength {
    static final int MAX_MEASURED = 64 << 20;

    private EncodedLength() {
    }

    /**
     * Encodes {@code record} at {@code offset} of {@code buffer} with a capacity growing fourfold
     * from {@code firstCapacity} up to {@code maxCapacity}: the codec decides what fits, so the
     * buffer grows only as far as the record needs.
     *
     * @return the encoded length, or {@link Codec#DOES_NOT_FIT} above {@code maxCapacity}
     */
    static <T> int encodeGrowing(Codec<T> codec, T record, ExpandableArrayBuffer buffer, int offset, int firstCapacity,
                                 int maxCapacity) {
        for (int capacity = Math.min(firstCapacity, maxCapacity); ; capacity = (int) Math.min(4L * capacity, maxCapacity)) {
            buffer.checkLimit(offset + capacity);
            int length = codec.encode(record, buffer, offset, capacity);
            if (length >= 0 || capacity == maxCapacity) {
                return length;
            }
        }
    }

    static <T> int measure(Codec<T> codec, T record) {
        ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1024);
        for (int capacity = 1024; capacity <= MAX_MEASURED; capacity <<= 2) {
            scratch.checkLimit(capacity);
            int length = codec.encode(record, scratch, 0, capacity);
            if (length >= 0) {
                return length;
            }
        }
        return -1;
    }
}
