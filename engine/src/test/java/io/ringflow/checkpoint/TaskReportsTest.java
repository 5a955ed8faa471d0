package io.ringflow.checkpoint;

import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskReportsTest {
    @Test
    void shouldWakeTheParkedCoordinatorWhenAReportArrives() throws Exception {
        TaskReports reports = new TaskReports();
        AtomicReference<TaskReport> received = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread coordinator = new Thread(() -> {
            reports.consumedBy(Thread.currentThread());
            started.countDown();
            while (received.get() == null && !Thread.currentThread().isInterrupted()) {
                TaskReport report = reports.poll();
                if (report == null) {
                    LockSupport.parkNanos(TimeUnit.HOURS.toNanos(1)); // only a wake-up ends this in time
                } else {
                    received.set(report);
                }
            }
        }, "ringflow-test-coordinator");
        coordinator.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            awaitParked(coordinator);
            reports.offer(new TaskReport.InputEnded(3));
            coordinator.join(30_000);
            assertEquals(Thread.State.TERMINATED, coordinator.getState(), "the report waited out the park");
            assertInstanceOf(TaskReport.InputEnded.class, received.get());
        } finally {
            coordinator.interrupt();
            coordinator.join(10_000);
        }
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.getState());
    }
}
