package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;

/**
 * UTF-8 with an int length prefix. Encodes char by char straight into the buffer, in one pass
 * that checks the capacity as it goes, because {@code String.getBytes} would allocate per record.
 * Unpaired surrogates become {@code '?'}, as they do in {@code String.getBytes(UTF_8)}.
 */
final class StringCodec extends BuiltInCodec<String> {
    StringCodec() {
        super(String.class);
    }

    @Override
    int write(final String value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < LENGTH_PREFIX_LENGTH) {
            return DOES_NOT_FIT;
        }
        if (value == null) {
            buffer.putInt(offset, NULL_LENGTH, BYTE_ORDER);
            return LENGTH_PREFIX_LENGTH;
        }
        final int limit = offset + capacity;
        final int start = bodyOffset(offset);
        int position = start;
        final int chars = value.length();
        for (int i = 0; i < chars; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                if (position >= limit) {
                    return DOES_NOT_FIT;
                }
                buffer.putByte(position++, (byte)c);
            } else if (c < 0x800) {
                if (position + 2 > limit) {
                    return DOES_NOT_FIT;
                }
                buffer.putByte(position++, (byte)(0xC0 | (c >>> 6)));
                buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (position + 4 > limit) {
                    return DOES_NOT_FIT;
                }
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer.putByte(position++, (byte)(0xF0 | (codePoint >>> 18)));
                buffer.putByte(position++, (byte)(0x80 | ((codePoint >>> 12) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | ((codePoint >>> 6) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | (codePoint & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                if (position >= limit) {
                    return DOES_NOT_FIT;
                }
                buffer.putByte(position++, (byte)'?');
            } else {
                if (position + 3 > limit) {
                    return DOES_NOT_FIT;
                }
                buffer.putByte(position++, (byte)(0xE0 | (c >>> 12)));
                buffer.putByte(position++, (byte)(0x80 | ((c >>> 6) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        buffer.putInt(offset, position - start, BYTE_ORDER);
        return position - offset;
    }

    @Override
    public String decode(final DirectBuffer buffer, final int offset, final int length) {
        final int bytes = buffer.getInt(offset, BYTE_ORDER);
        return bytes == NULL_LENGTH ? null : buffer.getStringWithoutLengthUtf8(bodyOffset(offset), bytes);
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        final int bytes = buffer.getInt(offset, BYTE_ORDER);
        return LENGTH_PREFIX_LENGTH + (bytes == NULL_LENGTH ? 0 : bytes);
    }

    @Override
    boolean acceptsNull() {
        return true;
    }

    @Override
    public boolean isImmutable() {
        return true;
    }

    @Override
    public String copy(final String value) {
        return value;
    }
}
