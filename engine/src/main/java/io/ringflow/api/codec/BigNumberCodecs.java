package io.ringflow.api.codec;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;
import static org.agrona.BitUtil.SIZE_OF_INT;

/**
 * {@link BigInteger}: byte count ({@code -1} for null), then the big-endian two's-complement bytes
 * of {@link BigInteger#toByteArray}. {@link BigDecimal}: its unscaled value in that layout, then
 * the scale (int); a null decimal is the null length alone.
 */
final class BigNumberCodecs {
    private BigNumberCodecs() {
    }

    /** Writes {@code value}'s bytes after their count; DOES_NOT_FIT past {@code capacity}. */
    static int putUnscaled(final BigInteger value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < LENGTH_PREFIX_LENGTH) {
            return Codec.DOES_NOT_FIT;
        }
        if (value == null) {
            buffer.putInt(offset, NULL_LENGTH, BYTE_ORDER);
            return LENGTH_PREFIX_LENGTH;
        }
        final byte[] bytes = value.toByteArray();
        if (LENGTH_PREFIX_LENGTH + bytes.length > capacity) {
            return Codec.DOES_NOT_FIT;
        }
        buffer.putInt(offset, bytes.length, BYTE_ORDER);
        buffer.putBytes(bodyOffset(offset), bytes);
        return LENGTH_PREFIX_LENGTH + bytes.length;
    }

    static BigInteger getUnscaled(final DirectBuffer buffer, final int offset) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        if (count == NULL_LENGTH) {
            return null;
        }
        final byte[] bytes = new byte[count];
        buffer.getBytes(bodyOffset(offset), bytes);
        return new BigInteger(bytes);
    }

    static int unscaledLengthAt(final DirectBuffer buffer, final int offset) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        return LENGTH_PREFIX_LENGTH + (count == NULL_LENGTH ? 0 : count);
    }

    /** Immutable values that accept null; only the layout differs. */
    abstract static class BigNumberCodec<T> extends BuiltInCodec<T> {
        BigNumberCodec(final Class<T> type) {
            super(type);
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

    static final class BigIntegerCodec extends BigNumberCodec<BigInteger> {
        BigIntegerCodec() {
            super(BigInteger.class);
        }

        @Override
        int write(final BigInteger value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
            return putUnscaled(value, buffer, offset, capacity);
        }

        @Override
        public BigInteger decode(final DirectBuffer buffer, final int offset, final int length) {
            return getUnscaled(buffer, offset);
        }

        @Override
        int lengthAt(final DirectBuffer buffer, final int offset) {
            return unscaledLengthAt(buffer, offset);
        }
    }

    static final class BigDecimalCodec extends BigNumberCodec<BigDecimal> {
        BigDecimalCodec() {
            super(BigDecimal.class);
        }

        @Override
        int write(final BigDecimal value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
            final int unscaled = putUnscaled(value == null ? null : value.unscaledValue(), buffer, offset, capacity);
            if (unscaled == DOES_NOT_FIT || value == null) {
                return unscaled;
            }
            if (unscaled + SIZE_OF_INT > capacity) {
                return DOES_NOT_FIT;
            }
            buffer.putInt(offset + unscaled, value.scale(), BYTE_ORDER);
            return unscaled + SIZE_OF_INT;
        }

        @Override
        public BigDecimal decode(final DirectBuffer buffer, final int offset, final int length) {
            final BigInteger unscaled = getUnscaled(buffer, offset);
            return unscaled == null ? null
                : new BigDecimal(unscaled, buffer.getInt(offset + unscaledLengthAt(buffer, offset), BYTE_ORDER));
        }

        @Override
        int lengthAt(final DirectBuffer buffer, final int offset) {
            final int unscaled = unscaledLengthAt(buffer, offset);
            return buffer.getInt(offset, BYTE_ORDER) == NULL_LENGTH ? unscaled : unscaled + SIZE_OF_INT;
        }
    }
}
