package io.ringflow.checkpoint;

import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

/** The coordinator's inbound queue: tasks and the snapshot writer offer from their threads, the coordinator polls. */
public final class TaskReports {
    private final ManyToOneConcurrentLinkedQueue<TaskReport> queue = new ManyToOneConcurrentLinkedQueue<>();

    /** Any thread; never blocks (unbounded: a few reports per task and checkpoint). */
    public void offer(TaskReport report) {
        queue.offer(report);
    }

    /** The oldest report, or null; one consumer (the coordinator's thread, or a test standing in for it). */
    public TaskReport poll() {
        return queue.poll();
    }
}
