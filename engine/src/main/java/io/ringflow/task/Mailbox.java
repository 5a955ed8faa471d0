package io.ringflow.task;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.function.Consumer;

/**
 * Control actions for a task (trigger a checkpoint, notify completion, timers from outside),
 * posted by any thread and run on the task's thread between records, so operators and state
 * never need a lock.
 */
public final class Mailbox {
    private static final Consumer<Runnable> RUN = Runnable::run;
    private final ManyToOneConcurrentArrayQueue<Runnable> actions = new ManyToOneConcurrentArrayQueue<>(1024);

    /** @throws IllegalStateException when 1024 actions are already waiting */
    public void post(Runnable action) {
        if (!actions.offer(action)) {
            throw new IllegalStateException("mailbox full: the task is not keeping up with control actions");
        }
    }

    int drain() {
        return actions.isEmpty() ? 0 : actions.drain(RUN);
    }
}
