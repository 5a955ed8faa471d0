package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Appends little-endian fields to a growable buffer: the one writer behind every snapshot
 * block, so all layouts share one byte order and one framing of codec output. Reusable with
 * {@link #reset()}; confined to one thread.
 */
public final class BlockWriter {
    /** Snapshot layouts are little-endian whatever the machine, so savepoints relocate. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_GROWTH = 1 << 30;
    private static final int MAX_BLOCK = Integer.MAX_VALUE - 16; // the largest array a JVM allocates, about

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int position;
    private final String[] recentText = new String[4]; // a power of two
    private final byte[][] recentBytes = new byte[4][];
    private int recentNext;

    /** Forgets the written bytes, keeping the memory. */
    public BlockWriter reset() {
        position = 0;
        return this;
    }

    /** The buffer holding bytes {@code [0, position())}. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** The number of bytes written. */
    public int position() {
        return position;
    }

    /** Drops the bytes written after {@code position}, to undo a section that stayed empty. */
    public void truncate(int position) {
        if (position < 0 || position > this.position) {
            throw new IllegalArgumentException("cannot truncate " + this.position + " bytes to " + position);
        }
        this.position = position;
    }

    /**
     * Makes room for {@code bytes} more after {@link #position()} and returns the array holding
     * the buffer (index 0 is byte 0); whoever fills it then moves the position with {@link #advanceTo}.
     */
    byte[] reserve(long bytes) {
        long limit = position + bytes;
        if (limit > MAX_BLOCK) {
            throw new IllegalStateException("one key group's snapshot block needs " + limit + " bytes, more than an"
                + " array holds: raise the max parallelism so that each key group holds fewer keys");
        }
        buffer.checkLimit((int) limit);
        return buffer.byteArray();
    }

    /** Ends a write into the array of {@link #reserve} at {@code position}. */
    void advanceTo(int position) {
        if (position < this.position || position > buffer.capacity()) {
            throw new IllegalArgumentException("cannot advance from " + this.position + " to " + position);
        }
        this.position = position;
    }

    /** Appends one byte. */
    public void putByte(byte value) {
        buffer.putByte(position, value);
        position += 1;
    }

    /** Appends a little-endian int. */
    public void putInt(int value) {
        buffer.putInt(position, value, ORDER);
        position += 4;
    }

    /** Overwrites an int written earlier, for counts known only after their items. */
    public void putIntAt(int at, int value) {
        buffer.putInt(at, value, ORDER);
    }

    /** Appends a little-endian long. */
    public void putLong(long value) {
        buffer.putLong(position, value, ORDER);
        position += 8;
    }

    /** Writes {@code length} bytes of {@code src} as they are. */
    public void putBytes(DirectBuffer src, int offset, int length) {
        buffer.putBytes(position, src, offset, length);
        position += length;
    }

    /** Writes {@code bytes} as they are. */
    public void putBytes(byte[] bytes) {
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    /** Writes an int length and the UTF-8 bytes of {@code text}. */
    public void putString(String text) {
        byte[] bytes = utf8(text);
        putInt(bytes.length);
        putBytes(bytes);
    }

    /**
     * The bytes of the last few strings written, by identity: a snapshot writes its states' names
     * and codec identities, the same few strings, once per key group (W5: 128 arrays a checkpoint).
     */
    private byte[] utf8(String text) {
        for (int i = 0; i < recentText.length; i++) {
            if (recentText[i] == text) {
                return recentBytes[i];
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int slot = recentNext++ & (recentText.length - 1);
        recentText[slot] = text;
        recentBytes[slot] = bytes;
        return bytes;
    }

    /** Writes an int length and the bytes {@code codec} encodes for {@code value}. */
    public <T> void putFramed(Codec<T> codec, T value) {
        int lengthAt = position;
        position += 4;
        for (;;) {
            int capacity = buffer.capacity() - position;
            int written = codec.encode(value, buffer, position, capacity);
            if (written != Codec.DOES_NOT_FIT) {
                putIntAt(lengthAt, written);
                position += written;
                return;
            }
            if (capacity >= MAX_GROWTH) {
                throw new IllegalStateException(codec.getClass().getName() + " cannot encode a "
                    + codec.type().getName() + " in " + capacity + " bytes");
            }
            buffer.checkLimit(position + Math.max(256, capacity * 2));
        }
    }
}
