package io.ringflow.bench.jmh;

import com.lmax.disruptor.EventPoller;
import io.ringflow.channel.Channel;
import io.ringflow.channel.Slot;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The consuming side of a benchmark ring: a thread that polls one channel with an idle strategy,
 * as a task does, until stopped. Stopping joins the thread, so a benchmark's tear-down leaves
 * nothing running behind it.
 */
final class PollingThread implements Runnable {
    /** One poll: how many slots it handled, 0 for an empty ring. */
    @FunctionalInterface
    interface Poll {
        int poll() throws Exception;
    }

    private final Poll poll;
    private final IdleStrategy idleStrategy;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    PollingThread(String name, Channel channel, EventPoller.Handler<Slot> handler, IdleStrategy idleStrategy) {
        // PROCESSING means at least one slot was handled; anything else is an empty ring.
        this(name, () -> channel.poll(handler) == EventPoller.PollState.PROCESSING ? 1 : 0, idleStrategy);
    }

    PollingThread(String name, Poll poll, IdleStrategy idleStrategy) {
        this.poll = poll;
        this.idleStrategy = idleStrategy;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** The id of the polling thread, for its allocation count. */
    long threadId() {
        return thread.getId();
    }

    PollingThread start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            while (running) {
                idleStrategy.idle(poll.poll());
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Stops and joins the thread; rethrows what it failed with, so the benchmark run fails too. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }
}
