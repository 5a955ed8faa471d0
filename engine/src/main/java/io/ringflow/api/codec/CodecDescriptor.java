package io.ringflow.api.codec;

import java.nio.ByteOrder;

import static org.agrona.BitUtil.SIZE_OF_INT;

/**
 * Byte layouts of the built-in codecs. Every multi-byte value is little-endian, whatever the
 * platform, so snapshots move between machines.
 *
 * <p>Primitives take their natural width: {@code long}/{@code double} 8 bytes, {@code int}/
 * {@code float} 4, {@code short}/{@code char} 2, {@code byte} 1, {@code boolean} 1 (0 or 1).
 * Floating point values keep their raw bits, so every NaN payload survives.
 *
 * <p>Strings (UTF-8) and primitive arrays carry a length prefix, so that a value is
 * self-delimiting inside a record:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Length: UTF-8 bytes or array elements, -1 for null          |
 *  +---------------------------------------------------------------+
 *  |  Body: Length bytes (String) or Length * element width       ...
 *  ...                                                             |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A Java record is its components in declaration order, each in its own layout, with no
 * header and no padding. When every component has a fixed width the record has one too and each
 * component sits at a constant offset. A POJO is the same with its fields in name order.
 *
 * <p>The other layouts, all self-delimiting:
 * <ul>
 *   <li>enum: the ordinal, int, {@code -1} for null; the constant names are in the identity;</li>
 *   <li>{@code Instant}, {@code Duration}: seconds (long), nanoseconds (int, {@code -1} for null);</li>
 *   <li>{@code BigInteger}: byte count (int, {@code -1} for null), two's-complement bytes;
 *       {@code BigDecimal}: its unscaled value in that layout, then the scale (int);</li>
 *   <li>{@code List}, {@code Set}: element count (int, {@code -1} for null), the elements;
 *       {@code Map}: entry count, then key and value of each entry;</li>
 *   <li>{@code Optional}: one byte, 0 empty or 1 present followed by the value.</li>
 * </ul>
 */
public final class CodecDescriptor {
    /** Byte order of every multi-byte value. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Width of the length prefix of strings and arrays. */
    public static final int LENGTH_PREFIX_LENGTH = SIZE_OF_INT;

    /** Length prefix that stands for a null string or array inside a record. */
    public static final int NULL_LENGTH = -1;

    /** Returned by width queries when the encoded length depends on the value. */
    public static final int VARIABLE_LENGTH = -1;

    private CodecDescriptor() {
    }

    /** Offset of the body of a string or array written at {@code offset}. */
    public static int bodyOffset(final int offset) {
        return offset + LENGTH_PREFIX_LENGTH;
    }
}
