package io.ringflow.channel;

import io.ringflow.api.codec.Codec;
import org.agrona.ExpandableArrayBuffer;

/** Measures an encoding that did not fit, for the error message only. */
final class EncodedLength {
    private static final int MAX_MEASURED = 64 << 20;

    private EncodedLength() {
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
