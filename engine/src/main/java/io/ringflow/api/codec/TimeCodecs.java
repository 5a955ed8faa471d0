package io.ringflow.api.codec;

import java.time.Duration;
import java.time.Instant;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/**
 * {@link Instant} and {@link Duration}: seconds (long) then nanoseconds (int), 12 bytes. Nanos
 * are 0..999,999,999 in both types, so nanos -1 stands for null.
 */
final class TimeCodecs {
    static final int LENGTH = SIZE_OF_LONG + SIZE_OF_INT;
    private static final int NULL_NANOS = -1;

    private TimeCodecs() {
    }

    /** The shared layout; subclasses only take a value apart and put it together. */
    abstract static class SecondsNanosCodec<T> extends BuiltInCodec<T> {
        SecondsNanosCodec(final Class<T> type) {
            super(type);
        }

        abstract long seconds(T value);

        abstract int nanos(T value);

        abstract T of(long seconds, int nanos);

        @Override
        final int write(final T value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
            if (capacity < LENGTH) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value == null ? 0 : seconds(value), BYTE_ORDER);
            buffer.putInt(offset + SIZE_OF_LONG, value == null ? NULL_NANOS : nanos(value), BYTE_ORDER);
            return LENGTH;
        }

        @Override
        public final T decode(final DirectBuffer buffer, final int offset, final int length) {
            final int nanos = buffer.getInt(offset + SIZE_OF_LONG, BYTE_ORDER);
            return nanos == NULL_NANOS ? null : of(buffer.getLong(offset, BYTE_ORDER), nanos);
        }

        @Override
        final int lengthAt(final DirectBuffer buffer, final int offset) {
            return LENGTH;
        }

        @Override
        final int fixedLength() {
            return LENGTH;
        }

        @Override
        final boolean acceptsNull() {
            return true;
        }

        @Override
        public final boolean isImmutable() {
            return true;
        }

        @Override
        public final T copy(final T value) {
            return value;
        }
    }

    static final class InstantCodec extends SecondsNanosCodec<Instant> {
        InstantCodec() { super(Instant.class); }
        long seconds(Instant v) { return v.getEpochSecond(); }
        int nanos(Instant v) { return v.getNano(); }
        Instant of(long seconds, int nanos) { return Instant.ofEpochSecond(seconds, nanos); }
    }

    static final class DurationCodec extends SecondsNanosCodec<Duration> {
        DurationCodec() { super(Duration.class); }
        long seconds(Duration v) { return v.getSeconds(); }
        int nanos(Duration v) { return v.getNano(); }
        Duration of(long seconds, int nanos) { return Duration.ofSeconds(seconds, nanos); }
    }
}
