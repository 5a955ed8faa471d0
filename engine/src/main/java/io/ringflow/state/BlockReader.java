package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields a {@link BlockWriter} wrote, checking every read against the block's end so
 * that a truncated block fails with a message naming {@code what} is read, never with garbage.
 */
public final class BlockReader {
    private final DirectBuffer buffer;
    private final int limit;
    private final String what;
    private int position;

    /** Reads {@code length} bytes at {@code offset} of {@code buffer}; {@code what} names the block in errors. */
    public BlockReader(DirectBuffer buffer, int offset, int length, String what) {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.what = what;
    }

    /** The offset of the next read in {@link #buffer()}. */
    public int position() {
        return position;
    }

    /** True while bytes are left before the block's end. */
    public boolean hasRemaining() {
        return position < limit;
    }

    /** The number of bytes left before the block's end. */
    public int remaining() {
        return limit - position;
    }

    /** The buffer read from. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** Reads one byte. */
    public byte getByte() {
        require(1);
        return buffer.getByte(position++);
    }

    /** Reads a little-endian int. */
    public int getInt() {
        require(4);
        int value = buffer.getInt(position, BlockWriter.ORDER);
        position += 4;
        return value;
    }

    /** Reads a little-endian long. */
    public long getLong() {
        require(8);
        long value = buffer.getLong(position, BlockWriter.ORDER);
        position += 8;
        return value;
    }

    /** Reads what {@link BlockWriter#putString} wrote. */
    public String getString() {
        byte[] bytes = getBytes(getLength());
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Copies the next {@code length} bytes. */
    public byte[] getBytes(int length) {
        require(length);
        byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    /** A view of the next {@code length} bytes, which this reader skips; valid while the buffer's memory is. */
    public DirectBuffer view(int length) {
        require(length);
        UnsafeBuffer view = new UnsafeBuffer(buffer, position, length);
        position += length;
        return view;
    }

    /** A reader of the next {@code length} bytes, which this reader skips. */
    public BlockReader slice(int length, String what) {
        require(length);
        BlockReader slice = new BlockReader(buffer, position, length, what);
        position += length;
        return slice;
    }

    /** Decodes a value that {@link BlockWriter#putFramed} wrote. */
    public <T> T getFramed(Codec<T> codec) {
        int length = getLength();
        require(length);
        T value = codec.decode(buffer, position, length);
        position += length;
        return value;
    }

    /** Copies the bytes of a value that {@link BlockWriter#putFramed} wrote, undecoded. */
    public byte[] getFramedBytes() {
        return getBytes(getLength());
    }

    /** Skips a value that {@link BlockWriter#putFramed} wrote. */
    public void skipFramed() {
        int length = getLength();
        require(length);
        position += length;
    }

    /** Reads a byte ordinal of {@code values}; {@code field} names it if it is out of range. */
    public <E extends Enum<E>> E getEnum(E[] values, String field) {
        int ordinal = getByte();
        if (ordinal < 0 || ordinal >= values.length) {
            throw corrupt("unknown " + field + " " + ordinal);
        }
        return values[ordinal];
    }

    /** Reads an int and fails unless it equals {@code expected}, for begin and end brackets. */
    public void expect(int expected, String field) {
        int actual = getInt();
        if (actual != expected) {
            throw corrupt(field + " is 0x" + Integer.toHexString(actual) + ", expected 0x"
                + Integer.toHexString(expected));
        }
    }

    /** An exception saying the block is corrupt because of {@code reason}. */
    public IllegalStateException corrupt(String reason) {
        return new IllegalStateException("corrupt " + what + ": " + reason);
    }

    private int getLength() {
        int length = getInt();
        if (length < 0) {
            throw corrupt("negative length " + length + " at offset " + (position - 4));
        }
        return length;
    }

    private void require(int bytes) {
        if (bytes > limit - position) {
            throw corrupt("truncated: needs " + bytes + " bytes at offset " + position
                + " but the block ends at " + limit);
        }
    }
}
