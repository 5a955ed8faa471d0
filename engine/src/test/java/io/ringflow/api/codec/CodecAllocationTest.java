package io.ringflow.api.codec;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encoding sits on the ring's hot path: it must not allocate, not even to box a component. */
class CodecAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 10_000;
    private static final Long LARGE = 1_000_000L;

    private record Quote(long id, int venue, double bid, double ask, boolean firm, String symbol, long[] depth) {
    }

    private record Order(Quote quote, char side, float weight) {
    }

    private enum Side { BUY, SELL }

    private record Tagged(Side side, java.time.Instant at, java.time.Duration ttl, java.util.List<Long> sizes,
                          java.util.Optional<String> note) {
    }

    @Test
    void shouldEncodeWithoutAllocating() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final Codec<Order> codec = Codecs.forClass(Order.class);
        // Values outside the Long/Integer caches, so any boxing would allocate.
        final Order order = new Order(new Quote(1_000_000L, 70_000, 1.5, 1.75, true, "\u20acSTOXX", new long[] {5, 6}), 'B', 0.5f);
        final UnsafeBuffer buffer = offHeap(256);

        long checksum = encode(codec, order, buffer, WARM_UP);
        threads.getThreadAllocatedBytes(threadId);
        final long before = threads.getThreadAllocatedBytes(threadId);
        checksum += encode(codec, order, buffer, MEASURED);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(checksum > 0);
        // One boxed long per encode would be 16 bytes each; allow a little for the probe itself.
        assertTrue(allocated < MEASURED, () -> allocated + " bytes allocated over " + MEASURED + " encodes");
    }

    @Test
    void shouldEncodeEnumsTimesListsAndOptionalsWithoutAllocating() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final Codec<Tagged> codec = Codecs.forClass(Tagged.class);
        final Tagged tagged = new Tagged(Side.SELL, java.time.Instant.ofEpochSecond(1_700_000_000L, 5),
            java.time.Duration.ofMillis(1_500), new java.util.ArrayList<>(java.util.List.of(LARGE, LARGE + 1)),
            java.util.Optional.of("note"));
        final UnsafeBuffer buffer = offHeap(256);

        long checksum = 0;
        for (int i = 0; i < WARM_UP; i++) {
            checksum += codec.encode(tagged, buffer, 0, buffer.capacity());
        }
        threads.getThreadAllocatedBytes(threadId);
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED; i++) {
            checksum += codec.encode(tagged, buffer, 0, buffer.capacity());
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(checksum > 0);
        assertTrue(allocated < MEASURED, () -> allocated + " bytes allocated over " + MEASURED + " encodes");
    }

    private static long encode(final Codec<Order> codec, final Order order, final UnsafeBuffer buffer, final int times) {
        long written = 0;
        for (int i = 0; i < times; i++) {
            written += codec.encode(order, buffer, 0, buffer.capacity());
            written += Codecs.LONG.encode(LARGE, buffer, 128, 8);
            written += Codecs.STRING.encode("caf\u00e9", buffer, 136, 64);
        }
        return written;
    }
}
