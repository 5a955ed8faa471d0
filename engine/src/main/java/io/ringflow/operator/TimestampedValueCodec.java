package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.window.TimestampedValue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** A window record as an evicting window keeps it: its timestamp (8 bytes), then the record in its own codec. */
final class TimestampedValueCodec<T> implements Codec<TimestampedValue<T>> {
    private final Codec<T> values;

    TimestampedValueCodec(Codec<T> values) {
        this.values = values;
    }

    @Override
    public int encode(TimestampedValue<T> record, MutableDirectBuffer buffer, int offset, int capacity) {
        if (capacity < Long.BYTES) {
            return DOES_NOT_FIT;
        }
        int written = values.encode(record.getValue(), buffer, offset + Long.BYTES, capacity - Long.BYTES);
        if (written == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
        }
        buffer.putLong(offset, record.getTimestamp());
        return Long.BYTES + written;
    }

    @Override
    public TimestampedValue<T> decode(DirectBuffer buffer, int offset, int length) {
        return new TimestampedValue<>(values.decode(buffer, offset + Long.BYTES, length - Long.BYTES), buffer.getLong(offset));
    }

    @Override
    public Class<?> type() {
        return TimestampedValue.class;
    }

    @Override
    public boolean isImmutable() {
        return values.isImmutable();
    }

    @Override
    public TimestampedValue<T> copy(TimestampedValue<T> record) {
        return values.isImmutable() ? record : new TimestampedValue<>(values.copy(record.getValue()), record.getTimestamp());
    }

    /** The layout changed from the bare records kept before timestamps were: such state is refused on restore. */
    @Override
    public String identity() {
        return TimestampedValue.class.getName() + "<" + values.identity() + ">";
    }

    static <T> Codec<TimestampedValue<T>> of(Codec<T> values) {
        return new TimestampedValueCodec<>(values);
    }
}
