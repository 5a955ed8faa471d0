package io.ringflow.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background work yields its core once a slice on a thread that enabled slices, and never on any
 * other thread. Yields are counted, not timed: how long a waiting task waits is W2's figure.
 */
class CpuSlicesTest {
    @AfterEach
    void disable() {
        CpuSlices.enable(0);
    }

    @Test
    void shouldNeverYieldOnAThreadThatDidNotEnableSlices() throws InterruptedException {
        AtomicLong yielded = new AtomicLong(-1);
        Thread other = new Thread(() -> {
            long before = CpuSlices.yields();
            workFor(3_000_000);
            yielded.set(CpuSlices.yields() - before);
        });
        other.start();
        other.join();
        assertEquals(0, yielded.get(), "a thread without a slice runs its work to the end");
    }

    @Test
    void shouldYieldOnceASliceAndNotMoreOften() {
        long sliceNanos = 100_000;
        CpuSlices.enable(sliceNanos);
        long before = CpuSlices.yields();
        long start = System.nanoTime();
        workFor(5_000_000);
        long elapsed = System.nanoTime() - start;
        long yields = CpuSlices.yields() - before;
        assertTrue(yields >= 1, "5 ms of work in 100 µs slices yielded " + yields + " times");
        assertTrue(yields <= elapsed / sliceNanos, "at most once a slice: " + yields + " yields in " + elapsed + " ns");
    }

    @Test
    void shouldStopYieldingOnceDisabled() {
        CpuSlices.enable(10_000);
        CpuSlices.enable(0);
        long before = CpuSlices.yields();
        workFor(2_000_000);
        assertEquals(before, CpuSlices.yields());
    }

    @Test
    void shouldRejectANegativeSlice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSlices.enable(-1));
        assertTrue(e.getMessage().contains("0 (never yield)"), e.getMessage());
    }

    /** Busy work in small pieces, as the snapshot writer's key groups are. */
    private static void workFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            CpuSlices.between();
        }
    }
}
