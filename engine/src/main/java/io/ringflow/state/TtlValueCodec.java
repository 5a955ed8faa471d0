package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Encodes a {@link TtlValue}: its last access time (8 bytes), then the value as its own codec does. */
final class TtlValueCodec<T> implements Codec<TtlValue<T>> {
    private final Codec<T> values;

    TtlValueCodec(Codec<T> values) {
        this.values = values;
    }

    @Override
    public int encode(TtlValue<T> ttlValue, MutableDirectBuffer buffer, int offset, int capacity) {
        if (capacity < Long.BYTES) {
            return DOES_NOT_FIT;
        }
        int length = values.encode(ttlValue.value(), buffer, offset + Long.BYTES, capacity - Long.BYTES);
        if (length == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
        }
        buffer.putLong(offset, ttlValue.lastAccessMs());
        return Long.BYTES + length;
    }

    @Override
    public TtlValue<T> decode(DirectBuffer buffer, int offset, int length) {
        return new TtlValue<>(values.decode(buffer, offset + Long.BYTES, length - Long.BYTES), buffer.getLong(offset));
    }

    @Override
    public Class<?> type() {
        return TtlValue.class;
    }

    @Override
    public boolean isImmutable() {
        return values.isImmutable();
    }

    @Override
    public TtlValue<T> copy(TtlValue<T> ttlValue) {
        return values.isImmutable() ? ttlValue : new TtlValue<>(values.copy(ttlValue.value()), ttlValue.lastAccessMs());
    }

    @Override
    public String identity() {
        return "ttl(" + values.identity() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TtlValueCodec<?> codec && RegisteredKeyedState.sameCodec(values, codec.values);
    }

    @Override
    public int hashCode() {
        return values.type().hashCode();
    }
}
