package io.ringflow.bench.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What W4's keyed function reports across attempts. A restored attempt runs a fresh copy of the
 * function, so the figures live in statics: the one place both attempts reach. Written by the
 * keyed task thread (one attempt at a time), read by the harness after the job ended.
 */
final class RecoveryProbe {
    /** Fail once, after a checkpoint completed, when this fraction of the events was processed by the first attempt ... */
    static final double FAIL_AT_FRACTION = 0.95;
    /** ... or this long after its first record, whichever comes first. */
    static final long FAIL_AFTER_NS = 10_000_000_000L;
    /** The failure condition is checked every this many records (a power of two). */
    static final int CHECK_EVERY = 1024;

    private static volatile boolean armed;
    // the failure waits for a completed checkpoint: a restore from nothing measures no recovery
    private static volatile boolean checkpointCompleted;
    private static volatile long failAtCount;
    private static volatile long firstRecordNs;
    private static volatile long thrownNs;
    private static volatile long thrownMs;
    private static volatile long processedBeforeThrow;
    private static volatile long restoredOpenNs;
    private static volatile long firstRecordAfterRestoreNs;
    // One writer at a time (the keyed task of the current attempt): ordered store, no atomic add.
    private static final AtomicLong PROCESSED = new AtomicLong();

    private RecoveryProbe() {
    }

    /** Before each job: clears every figure; {@code inject} arms the one failure. */
    static void reset(boolean inject, long events) {
        armed = inject;
        checkpointCompleted = false;
        failAtCount = (long) Math.ceil(events * FAIL_AT_FRACTION);
        firstRecordNs = 0;
        thrownNs = 0;
        thrownMs = 0;
        processedBeforeThrow = 0;
        restoredOpenNs = 0;
        firstRecordAfterRestoreNs = 0;
        PROCESSED.set(0);
    }

    /** True when the failure already fired, i.e. the caller belongs to a restored attempt. */
    static boolean failed() {
        return thrownNs != 0;
    }

    static void opened(long nowNs) {
        if (failed() && restoredOpenNs == 0) {
            restoredOpenNs = nowNs;
        }
    }

    static void firstRecord(long nowNs) {
        if (failed()) {
            if (firstRecordAfterRestoreNs == 0) {
                firstRecordAfterRestoreNs = nowNs;
            }
        } else if (firstRecordNs == 0) {
            firstRecordNs = nowNs;
        }
    }

    /** Counts one record; true when the caller must throw the injected failure now. */
    static boolean processedOneShouldFail(long processedThisAttempt) {
        PROCESSED.lazySet(PROCESSED.get() + 1);
        if (!armed || !checkpointCompleted || (processedThisAttempt & (CHECK_EVERY - 1)) != 0) {
            return false;
        }
        long nowNs = System.nanoTime();
        if (processedThisAttempt < failAtCount && nowNs - firstRecordNs < FAIL_AFTER_NS) {
            return false;
        }
        armed = false;
        processedBeforeThrow = processedThisAttempt;
        thrownMs = System.currentTimeMillis();
        thrownNs = System.nanoTime();
        return true;
    }

    static void checkpointCompleted() {
        checkpointCompleted = true;
    }

    static long processed() {
        return PROCESSED.get();
    }

    static long firstRecordNs() {
        return firstRecordNs;
    }

    static long thrownNs() {
        return thrownNs;
    }

    static long thrownMs() {
        return thrownMs;
    }

    static long processedBeforeThrow() {
        return processedBeforeThrow;
    }

    static long restoredOpenNs() {
        return restoredOpenNs;
    }

    static long firstRecordAfterRestoreNs() {
        return firstRecordAfterRestoreNs;
    }
}
