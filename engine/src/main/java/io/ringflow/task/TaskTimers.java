package io.ringflow.task;

import io.ringflow.operator.ProcessingTimeScheduler;

/** When the task should next call its operators' processing-time hooks. Task thread only. */
public final class TaskTimers implements ProcessingTimeScheduler {
    private long nextWakeMs = Long.MAX_VALUE;

    @Override
    public void wakeAt(long timeMs) {
        if (timeMs < nextWakeMs) {
            nextWakeMs = timeMs;
        }
    }

    boolean isDue(long nowMs) {
        return nowMs >= nextWakeMs;
    }

    /** Forget the wake-up: the operators ask again for what they still need. */
    void clear() {
        nextWakeMs = Long.MAX_VALUE;
    }
}
