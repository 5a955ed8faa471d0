package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_CHAR;
import static org.agrona.BitUtil.SIZE_OF_DOUBLE;
import static org.agrona.BitUtil.SIZE_OF_FLOAT;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;
import static org.agrona.BitUtil.SIZE_OF_SHORT;

/** The eight boxed primitive codecs; {@link CodecDescriptor} gives their widths. */
final class PrimitiveCodecs {
    private PrimitiveCodecs() {
    }

    static final class LongCodec extends FixedLengthCodec<Long> {
        LongCodec() { super(Long.class, long.class, SIZE_OF_LONG); }
        void put(Long v, MutableDirectBuffer b, int o) { b.putLong(o, v, BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putLong(o, (long)a.invokeExact(r), BYTE_ORDER);
        }
        public Long decode(DirectBuffer b, int o, int length) { return b.getLong(o, BYTE_ORDER); }
    }

    static final class IntCodec extends FixedLengthCodec<Integer> {
        IntCodec() { super(Integer.class, int.class, SIZE_OF_INT); }
        void put(Integer v, MutableDirectBuffer b, int o) { b.putInt(o, v, BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putInt(o, (int)a.invokeExact(r), BYTE_ORDER);
        }
        public Integer decode(DirectBuffer b, int o, int length) { return b.getInt(o, BYTE_ORDER); }
    }

    static final class ShortCodec extends FixedLengthCodec<Short> {
        ShortCodec() { super(Short.class, short.class, SIZE_OF_SHORT); }
        void put(Short v, MutableDirectBuffer b, int o) { b.putShort(o, v, BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putShort(o, (short)a.invokeExact(r), BYTE_ORDER);
        }
        public Short decode(DirectBuffer b, int o, int length) { return b.getShort(o, BYTE_ORDER); }
    }

    static final class ByteCodec extends FixedLengthCodec<Byte> {
        ByteCodec() { super(Byte.class, byte.class, SIZE_OF_BYTE); }
        void put(Byte v, MutableDirectBuffer b, int o) { b.putByte(o, v); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putByte(o, (byte)a.invokeExact(r));
        }
        public Byte decode(DirectBuffer b, int o, int length) { return b.getByte(o); }
    }

    static final class DoubleCodec extends FixedLengthCodec<Double> {
        DoubleCodec() { super(Double.class, double.class, SIZE_OF_DOUBLE); }
        void put(Double v, MutableDirectBuffer b, int o) { b.putLong(o, Double.doubleToRawLongBits(v), BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putLong(o, Double.doubleToRawLongBits((double)a.invokeExact(r)), BYTE_ORDER);
        }
        public Double decode(DirectBuffer b, int o, int length) {
            return Double.longBitsToDouble(b.getLong(o, BYTE_ORDER));
        }
    }

    static final class FloatCodec extends FixedLengthCodec<Float> {
        FloatCodec() { super(Float.class, float.class, SIZE_OF_FLOAT); }
        void put(Float v, MutableDirectBuffer b, int o) { b.putInt(o, Float.floatToRawIntBits(v), BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putInt(o, Float.floatToRawIntBits((float)a.invokeExact(r)), BYTE_ORDER);
        }
        public Float decode(DirectBuffer b, int o, int length) {
            return Float.intBitsToFloat(b.getInt(o, BYTE_ORDER));
        }
    }

    static final class BooleanCodec extends FixedLengthCodec<Boolean> {
        BooleanCodec() { super(Boolean.class, boolean.class, SIZE_OF_BYTE); }
        void put(Boolean v, MutableDirectBuffer b, int o) { b.putByte(o, (byte)(v ? 1 : 0)); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putByte(o, (byte)((boolean)a.invokeExact(r) ? 1 : 0));
        }
        public Boolean decode(DirectBuffer b, int o, int length) { return b.getByte(o) != 0; }
    }

    static final class CharCodec extends FixedLengthCodec<Character> {
        CharCodec() { super(Character.class, char.class, SIZE_OF_CHAR); }
        void put(Character v, MutableDirectBuffer b, int o) { b.putChar(o, v, BYTE_ORDER); }
        void putComponent(MethodHandle a, Object r, MutableDirectBuffer b, int o) throws Throwable {
            b.putChar(o, (char)a.invokeExact(r), BYTE_ORDER);
        }
        public Character decode(DirectBuffer b, int o, int length) { return b.getChar(o, BYTE_ORDER); }
    }
}
