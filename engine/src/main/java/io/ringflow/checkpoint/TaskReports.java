package io.ringflow.checkpoint;

import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.concurrent.locks.LockSupport;

/**
 * The coordinator's inbound queue: tasks and the snapshot writer offer from their threads, the
 * coordinator polls. An offer wakes the coordinator's thread, so it can park between decisions
 * instead of polling.
 */
public final class TaskReports {
    private final ManyToOneConcurrentLinkedQueue<TaskReport> queue = new ManyToOneConcurrentLinkedQueue<>();
    private volatile Thread consumer; // set once by the coordinator's thread as it starts

    /** Any thread; never blocks (unbounded: a few reports per task and checkpoint). */
    public void offer(TaskReport report) {
        queue.offer(report);
        wakeConsumer();
    }

    /** The coordinator's thread starts: offers from now on wake it. */
    public void consumedBy(Thread coordinatorThread) {
        consumer = coordinatorThread;
    }

    /** Any thread: the coordinator looks at its state again at once (a request, a stop). */
    public void wakeConsumer() {
        Thread thread = consumer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** The oldest report, or null; one consumer (the coordinator's thread, or a test standing in for it). */
    public TaskReport poll() {
        return queue.poll();
    }
}
