package io.ringflow.storage;

import java.util.concurrent.atomic.LongAdder;

/**
 * Long checkpoint work on a background thread (a snapshot's encoding, a commit, cutting, deleting
 * and making files) that gives its core up once a slice, at the points where it calls
 * {@link #between}, on threads that {@link #enable} it. The kernel lets a running thread use up
 * its time slice (1.5–3 ms here) before a thread woken on the same core runs, and on a small
 * machine that woken thread is often a task's: in W2 (two cores, 100,000 events a second) the
 * keyed task, woken on the snapshot writer's core while the other core was free, waited the
 * writer's whole 1.8–1.9 ms, and records waited with it. The price: a task that never sleeps
 * (W3's) takes a whole slice of its own at each yield, so the checkpoint takes longer; hence off
 * by default.
 */
public final class CpuSlices {
    private static final ThreadLocal<long[]> SLICE = ThreadLocal.withInitial(() -> new long[2]); // end, length
    private static final LongAdder YIELDS = new LongAdder();

    private CpuSlices() {
    }

    /** The calling thread yields after {@code sliceNanos} of work between two {@link #between} calls; 0: never. */
    public static void enable(long sliceNanos) {
        if (sliceNanos < 0) {
            throw new IllegalArgumentException("a slice is 0 (never yield) or positive, got " + sliceNanos + " ns");
        }
        long[] slice = SLICE.get();
        slice[1] = sliceNanos;
        slice[0] = System.nanoTime() + sliceNanos;
    }

    /** Between two pieces of background work: yields if this thread's slice is over, then starts the next. */
    public static void between() {
        long[] slice = SLICE.get();
        if (slice[1] == 0) {
            return;
        }
        if (System.nanoTime() - slice[0] >= 0) {
            Thread.yield();
            YIELDS.increment();
            slice[0] = System.nanoTime() + slice[1];
        }
    }

    /** Yields so far, every thread together: what a test or a probe sees of this. */
    public static long yields() {
        return YIELDS.sum();
    }
}
