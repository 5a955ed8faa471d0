package io.ringflow.task;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Control actions for a task (trigger a checkpoint, notify completion, timers from outside),
 * posted by any thread and run on the task's thread between records, so operators and state
 * never need a lock. A post wakes the task if it is parked by its idle strategy, so a trigger
 * is seen in microseconds rather than after the strategy's longest park.
 */
public final class Mailbox {
    private static final Consumer<Runnable> RUN = Runnable::run;
    private final ManyToOneConcurrentArrayQueue<Runnable> actions = new ManyToOneConcurrentArrayQueue<>(1024);
    private volatile boolean closed; // set once by the task thread as it exits
    private volatile Thread owner; // set once by the task thread as it starts

    /**
     * Runs {@code action} on the task's thread; dropped once the task exited, which never drains again.
     * @throws IllegalStateException when 1024 actions are already waiting
     */
    public void post(Runnable action) {
        if (closed) {
            return;
        }
        if (!actions.offer(action)) {
            throw new IllegalStateException("mailbox full: the task is not keeping up with control actions");
        }
        Thread thread = owner;
        if (thread != null) {
            LockSupport.unpark(thread); // a running task only returns from its next park at once
        }
    }

    /** The task thread starts: posts from now on wake it. */
    void ownedBy(Thread taskThread) {
        owner = taskThread;
    }

    /** The task thread exits: what is posted from now on is dropped. */
    void close() {
        closed = true;
    }

    int drain() {
        return actions.isEmpty() ? 0 : actions.drain(RUN);
    }
}
