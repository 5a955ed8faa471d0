package io.ringflow.task;

import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.concurrent.locks.LockSupport;

/**
 * Control actions for a task (trigger a checkpoint, notify completion, timers from outside),
 * posted by any thread and run on the task's thread between records, so operators and state
 * never need a lock. A post wakes the task if it is parked by its idle strategy, so a trigger
 * is seen in microseconds rather than after the strategy's longest park. Unbounded, as Flink's:
 * a task stuck in user code while checkpoints expire collects a trigger and an abort per expiry
 * (a few hundred a second at most), and a bound would fail the job for it.
 */
public final class Mailbox {
    /** At most this many actions per drain, so that actions posting actions cannot hold the task. */
    static final int DRAIN_LIMIT = 1024;
    private final ManyToOneConcurrentLinkedQueue<Runnable> actions = new ManyToOneConcurrentLinkedQueue<>();
    private volatile boolean closed; // set once by the task thread as it exits
    private volatile Thread owner; // set once by the task thread as it starts

    /** Runs {@code action} on the task's thread; dropped once the task exited, which never drains again. */
    public void post(Runnable action) {
        if (closed) {
            return;
        }
        actions.offer(action);
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
        int ran = 0;
        Runnable action;
        while (ran < DRAIN_LIMIT && (action = actions.poll()) != null) {
            action.run();
            ran++;
        }
        return ran;
    }
}
