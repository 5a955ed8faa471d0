package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small local codecs, so that state tests depend on nothing but the {@link Codec} contract. */
public final class TestCodecs {
    public static final Codec<Long> LONG = new LongCodec();
    public static final Codec<String> STRING = new StringCodec();
    public static final Codec<long[]> LONG_ARRAY = new LongArrayCodec();

    private TestCodecs() {
    }

    static final class LongCodec implements Codec<Long> {
        @Override
        public int encode(Long value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < 8) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value);
            return 8;
        }

        @Override
        public Long decode(DirectBuffer buffer, int offset, int length) {
            return buffer.getLong(offset);
        }

        @Override
        public Class<?> type() {
            return Long.class;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public Long copy(Long value) {
            return value;
        }
    }

    static final class StringCodec implements Codec<String> {
        @Override
        public int encode(String value, MutableDirectBuffer buffer, int offset, int capacity) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (capacity < bytes.length) {
                return DOES_NOT_FIT;
            }
            buffer.putBytes(offset, bytes);
            return bytes.length;
        }

        @Override
        public String decode(DirectBuffer buffer, int offset, int length) {
            byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public Class<?> type() {
            return String.class;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public String copy(String value) {
            return value;
        }
    }

    static final class LongArrayCodec implements Codec<long[]> {
        @Override
        public int encode(long[] value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < value.length * 8) {
                return DOES_NOT_FIT;
            }
            for (int i = 0; i < value.length; i++) {
                buffer.putLong(offset + i * 8, value[i]);
            }
            return value.length * 8;
        }

        @Override
        public long[] decode(DirectBuffer buffer, int offset, int length) {
            long[] value = new long[length / 8];
            for (int i = 0; i < value.length; i++) {
                value[i] = buffer.getLong(offset + i * 8);
            }
            return value;
        }

        @Override
        public Class<?> type() {
            return long[].class;
        }

        @Override
        public long[] copy(long[] value) {
            return Arrays.copyOf(value, value.length);
        }
    }
}
