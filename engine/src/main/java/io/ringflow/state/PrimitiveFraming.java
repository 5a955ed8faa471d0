package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Frames the values of one built-in primitive codec ({@code Long}, {@code Integer},
 * {@code Double}, {@code long[]}, {@code int[]}, {@code double[]}) straight into a byte array,
 * byte for byte as {@link BlockWriter#putFramed} with that codec would: the length, then the
 * codec's layout. A snapshot sizes all entries of a key group first, makes room once, then writes
 * them without a capacity check or a codec call per field: the encoding loop of a large state
 * does little more than load each value.
 */
abstract class PrimitiveFraming {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, BlockWriter.ORDER);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, BlockWriter.ORDER);

    /** Bytes {@link #write} takes for {@code value}, its length prefix included. */
    abstract int framedLength(Object value);

    /** Writes {@code value} framed at {@code at}; returns the offset after it. */
    abstract int write(Object value, byte[] into, int at);

    /** The framing of {@code codec}'s values, or null when its layout is not one of these. */
    static PrimitiveFraming of(Codec<?> codec) {
        if (codec == Codecs.LONG_ARRAY) {
            return LONG_ARRAY;
        }
        if (codec == Codecs.LONG) {
            return LONG;
        }
        if (codec == Codecs.INT_ARRAY) {
            return INT_ARRAY;
        }
        if (codec == Codecs.INT) {
            return INT;
        }
        if (codec == Codecs.DOUBLE_ARRAY) {
            return DOUBLE_ARRAY;
        }
        if (codec == Codecs.DOUBLE) {
            return DOUBLE;
        }
        return null;
    }

    /** Writes a bare little-endian int, as {@link BlockWriter#putInt}. */
    static int putInt(int value, byte[] into, int at) {
        INTS.set(into, at, value);
        return at + 4;
    }

    /** Writes a key as the built-in {@code Long} codec framed it. */
    static int putLongKey(long key, byte[] into, int at) {
        INTS.set(into, at, Long.BYTES);
        LONGS.set(into, at + 4, key);
        return at + 4 + Long.BYTES;
    }

    /** Writes a key as the built-in {@code Integer} codec framed it. */
    static int putIntKey(int key, byte[] into, int at) {
        INTS.set(into, at, Integer.BYTES);
        INTS.set(into, at + 4, key);
        return at + 4 + Integer.BYTES;
    }

    private static final PrimitiveFraming LONG = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 4 + Long.BYTES;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            return putLongKey((Long) value, into, at); // a framed long value has a key's layout
        }
    };

    private static final PrimitiveFraming INT = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 4 + Integer.BYTES;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            return putIntKey((Integer) value, into, at);
        }
    };

    private static final PrimitiveFraming DOUBLE = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 4 + Double.BYTES;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            return putLongKey(Double.doubleToRawLongBits((Double) value), into, at);
        }
    };

    // an array: [frame length][element count][elements]
    private static final PrimitiveFraming LONG_ARRAY = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 8 + Long.BYTES * ((long[]) value).length;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            long[] array = (long[]) value;
            int n = array.length;
            INTS.set(into, at, 4 + Long.BYTES * n);
            INTS.set(into, at + 4, n);
            at += 8;
            for (int i = 0; i < n; i++, at += Long.BYTES) {
                LONGS.set(into, at, array[i]);
            }
            return at;
        }
    };

    private static final PrimitiveFraming INT_ARRAY = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 8 + Integer.BYTES * ((int[]) value).length;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            int[] array = (int[]) value;
            int n = array.length;
            INTS.set(into, at, 4 + Integer.BYTES * n);
            INTS.set(into, at + 4, n);
            at += 8;
            for (int i = 0; i < n; i++, at += Integer.BYTES) {
                INTS.set(into, at, array[i]);
            }
            return at;
        }
    };

    private static final PrimitiveFraming DOUBLE_ARRAY = new PrimitiveFraming() {
        @Override
        int framedLength(Object value) {
            return 8 + Double.BYTES * ((double[]) value).length;
        }

        @Override
        int write(Object value, byte[] into, int at) {
            double[] array = (double[]) value;
            int n = array.length;
            INTS.set(into, at, 4 + Double.BYTES * n);
            INTS.set(into, at + 4, n);
            at += 8;
            for (int i = 0; i < n; i++, at += Double.BYTES) {
                LONGS.set(into, at, Double.doubleToRawLongBits(array[i]));
            }
            return at;
        }
    };
}
