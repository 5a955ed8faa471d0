package io.ringflow.task;

import org.agrona.concurrent.IdleStrategy;

/**
 * How a task waits for room in a full ring: it idles with its idle strategy and gives up only
 * when the job is cancelled, so a blocked producer never outlives its job.
 */
public final class Backpressure {
    private final String taskName;
    private final IdleStrategy idleStrategy;
    private final CancelFlag cancelled;
    private boolean overdrawn; // task thread: an output holds records in its overdraft

    Backpressure(String taskName, IdleStrategy idleStrategy, CancelFlag cancelled) {
        this.taskName = taskName;
        this.idleStrategy = idleStrategy;
        this.cancelled = cancelled;
    }

    /** One round of waiting for a consumer to free a slot. */
    public void await() {
        if (cancelled.isRaised()) {
            throw new TaskCancelledException(taskName);
        }
        idleStrategy.idle();
    }

    /** Called after a successful write that had to wait. */
    public void reset() {
        idleStrategy.reset();
    }

    /** An output put a record into its overdraft: the input stops before its next record. */
    void overdrawn() {
        overdrawn = true;
    }

    /** True while an output may hold records in its overdraft; the task clears it once all are drained. */
    public boolean isOverdrawn() {
        return overdrawn;
    }

    void drained() {
        overdrawn = false;
    }
}

