package io.ringflow.api.codec;

import java.util.Optional;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static org.agrona.BitUtil.SIZE_OF_BYTE;

/**
 * An {@code Optional}: one byte, 0 when empty, 1 when present and followed by the value in its
 * layout. The Optional itself must not be null: that is what empty is for.
 */
final class OptionalCodec extends BuiltInCodec<Optional<Object>> {
    private static final byte EMPTY = 0;
    private static final byte PRESENT = 1;

    private final BuiltInCodec<Object> value;
    private final String identity;

    @SuppressWarnings("unchecked")
    OptionalCodec(final BuiltInCodec<?> value) {
        super((Class<Optional<Object>>)(Class<?>)Optional.class);
        this.value = (BuiltInCodec<Object>)value;
        this.identity = Optional.class.getName() + "<" + value.identity() + ">";
    }

    BuiltInCodec<Object> value() {
        return value;
    }

    @Override
    int write(final Optional<Object> optional, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < SIZE_OF_BYTE) {
            return DOES_NOT_FIT;
        }
        if (optional.isEmpty()) {
            buffer.putByte(offset, EMPTY);
            return SIZE_OF_BYTE;
        }
        final int written = value.write(optional.get(), buffer, offset + SIZE_OF_BYTE, capacity - SIZE_OF_BYTE);
        if (written == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
        }
        buffer.putByte(offset, PRESENT);
        return SIZE_OF_BYTE + written;
    }

    @Override
    public Optional<Object> decode(final DirectBuffer buffer, final int offset, final int length) {
        if (buffer.getByte(offset) == EMPTY) {
            return Optional.empty();
        }
        final int start = offset + SIZE_OF_BYTE;
        return Optional.of(value.decode(buffer, start, value.lengthAt(buffer, start)));
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        return buffer.getByte(offset) == EMPTY ? SIZE_OF_BYTE : SIZE_OF_BYTE + value.lengthAt(buffer, offset + SIZE_OF_BYTE);
    }

    /** A field added to a restored record reads as empty, which it may be written as again. */
    @Override
    Object defaultValue() {
        return Optional.empty();
    }

    /** {@code java.util.Optional<value identity>}. */
    @Override
    public String identity() {
        return identity;
    }

    @Override
    public boolean isImmutable() {
        return value.isImmutable();
    }

    @Override
    public Optional<Object> copy(final Optional<Object> optional) {
        return optional == null || optional.isEmpty() || value.isImmutable() ? optional : Optional.of(value.copy(optional.get()));
    }
}
