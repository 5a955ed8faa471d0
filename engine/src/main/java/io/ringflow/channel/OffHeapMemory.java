package io.ringflow.channel;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates and frees the direct memory of rings. Freed explicitly rather than left to the
 * garbage collector, so a cancelled job gives its memory back at once; the counter lets tests
 * and operators see what is still held.
 */
public final class OffHeapMemory {
    private static final AtomicLong ALLOCATED_BYTES = new AtomicLong();
    /** Bytes of a cache line, as the rings' slots are laid out on them. */
    public static final int CACHE_LINE = 64;

    private OffHeapMemory() {
    }

    public static ByteBuffer allocate(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
        ALLOCATED_BYTES.addAndGet(buffer.capacity());
        return buffer;
    }

    /**
     * Direct memory holding {@code bytes} that start on a cache line (one line more is allocated):
     * {@link ByteBuffer#allocateDirect} gives 16-byte alignment, which put a 64-byte slot's last
     * 16 bytes on the next slot's first line and a 33–48-byte record with its header on two lines,
     * two lines for the other core to take back instead of one. View it with {@link #cacheAligned}.
     */
    public static ByteBuffer allocateCacheAligned(int bytes) {
        return allocate(Math.addExact(bytes, CACHE_LINE));
    }

    /** The {@code bytes} of {@code memory} (from {@link #allocateCacheAligned}) from its first cache-line boundary. */
    public static UnsafeBuffer cacheAligned(ByteBuffer memory, int bytes) {
        long misalignment = BufferUtil.address(memory) & (CACHE_LINE - 1);
        return new UnsafeBuffer(memory, (int) ((CACHE_LINE - misalignment) & (CACHE_LINE - 1)), bytes);
    }

    public static void free(ByteBuffer buffer) {
        ALLOCATED_BYTES.addAndGet(-buffer.capacity());
        BufferUtil.free(buffer);
    }

    /** Bytes of ring memory currently allocated by all jobs of this process. */
    public static long allocatedBytes() {
        return ALLOCATED_BYTES.get();
    }
}
