package io.ringflow.task;

import org.agrona.concurrent.IdleStrategy;

/**
 * How a task waits for room in a full ring: it idles with its idle strategy and gives up only
 * when the job is cancelled, so a blocked producer never outlives its job.
 */
public final class Backpressure {
    private final String taskName;
    private final IdleStrategy idleStrategy;
    private volatile boolean cancelled;

    Backpressure(String taskName, IdleStrategy idleStrategy) {
        this.taskName = taskName;
        this.idleStrategy = idleStrategy;
    }

    /** One round of waiting for a consumer to free a slot. */
    public void await() {
        if (cancelled) {
            throw new TaskCancelledException(taskName);
        }
        idleStrategy.idle();
    }

    /** Called after a successful write that had to wait. */
    public void reset() {
        idleStrategy.reset();
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }
}

