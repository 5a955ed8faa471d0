package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static org.agrona.BitUtil.SIZE_OF_BYTE;
import static org.agrona.BitUtil.SIZE_OF_DOUBLE;
import static org.agrona.BitUtil.SIZE_OF_INT;
import static org.agrona.BitUtil.SIZE_OF_LONG;

/** The primitive array codecs; {@link CodecDescriptor} gives their layout. */
final class ArrayCodecs {
    private ArrayCodecs() {
    }

    static final class ByteArrayCodec extends ArrayCodec<byte[]> {
        ByteArrayCodec() { super(byte[].class, SIZE_OF_BYTE); }
        int count(byte[] a) { return a.length; }
        void putElements(byte[] a, MutableDirectBuffer b, int o) { b.putBytes(o, a); }
        byte[] getElements(DirectBuffer b, int o, int count) {
            final byte[] a = new byte[count];
            b.getBytes(o, a);
            return a;
        }
        byte[] cloneArray(byte[] a) { return a.clone(); }
    }

    static final class LongArrayCodec extends ArrayCodec<long[]> {
        LongArrayCodec() { super(long[].class, SIZE_OF_LONG); }
        int count(long[] a) { return a.length; }
        void putElements(long[] a, MutableDirectBuffer b, int o) {
            for (int i = 0; i < a.length; i++) {
                b.putLong(o + i * SIZE_OF_LONG, a[i], BYTE_ORDER);
            }
        }
        long[] getElements(DirectBuffer b, int o, int count) {
            final long[] a = new long[count];
            for (int i = 0; i < count; i++) {
                a[i] = b.getLong(o + i * SIZE_OF_LONG, BYTE_ORDER);
            }
            return a;
        }
        long[] cloneArray(long[] a) { return a.clone(); }
    }

    static final class IntArrayCodec extends ArrayCodec<int[]> {
        IntArrayCodec() { super(int[].class, SIZE_OF_INT); }
        int count(int[] a) { return a.length; }
        void putElements(int[] a, MutableDirectBuffer b, int o) {
            for (int i = 0; i < a.length; i++) {
                b.putInt(o + i * SIZE_OF_INT, a[i], BYTE_ORDER);
            }
        }
        int[] getElements(DirectBuffer b, int o, int count) {
            final int[] a = new int[count];
            for (int i = 0; i < count; i++) {
                a[i] = b.getInt(o + i * SIZE_OF_INT, BYTE_ORDER);
            }
            return a;
        }
        int[] cloneArray(int[] a) { return a.clone(); }
    }

    static final class DoubleArrayCodec extends ArrayCodec<double[]> {
        DoubleArrayCodec() { super(double[].class, SIZE_OF_DOUBLE); }
        int count(double[] a) { return a.length; }
        void putElements(double[] a, MutableDirectBuffer b, int o) {
            for (int i = 0; i < a.length; i++) {
                b.putLong(o + i * SIZE_OF_DOUBLE, Double.doubleToRawLongBits(a[i]), BYTE_ORDER);
            }
        }
        double[] getElements(DirectBuffer b, int o, int count) {
            final double[] a = new double[count];
            for (int i = 0; i < count; i++) {
                a[i] = Double.longBitsToDouble(b.getLong(o + i * SIZE_OF_DOUBLE, BYTE_ORDER));
            }
            return a;
        }
        double[] cloneArray(double[] a) { return a.clone(); }
    }
}
