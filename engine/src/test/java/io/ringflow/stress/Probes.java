package io.ringflow.stress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the job's functions report to the harness. Static, because every subtask and every
 * restarted attempt works on its own copy of a function; one stress job runs at a time per JVM.
 */
final class Probes {
    /** Records processed by the keyed operator and by the pacing map, over all attempts: the watchdog's progress signal. */
    private static final AtomicLong RECORDS = new AtomicLong();
    /** Checkpoint-complete notifications the keyed operator received, over all attempts and subtasks. */
    private static final AtomicLong NOTIFICATIONS = new AtomicLong();

    private Probes() {
    }

    static void reset() {
        RECORDS.set(0);
        NOTIFICATIONS.set(0);
    }

    /** Counts one processed record; returns the count so far. */
    static long recordProcessed() {
        return RECORDS.incrementAndGet();
    }

    static long records() {
        return RECORDS.get();
    }

    static void checkpointNotified() {
        NOTIFICATIONS.incrementAndGet();
    }

    static long notifications() {
        return NOTIFICATIONS.get();
    }
}
