package io.ringflow.channel;

import org.agrona.BufferUtil;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates and frees the direct memory of rings. Freed explicitly rather than left to the
 * garbage collector, so a cancelled job gives its memory back at once; the counter lets tests
 * and operators see what is still held.
 */
public final class OffHeapMemory {
    private static final AtomicLong ALLOCATED_BYTES = new AtomicLong();

    private OffHeapMemory() {
    }

    public static ByteBuffer allocate(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
        ALLOCATED_BYTES.addAndGet(buffer.capacity());
        return buffer;
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
