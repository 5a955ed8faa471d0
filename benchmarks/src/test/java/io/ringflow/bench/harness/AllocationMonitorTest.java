package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The window's allocation figures from fake threads and counts: roles, threads that start or end, rounding. */
class AllocationMonitorTest {
    private static final String JOB = "w1-aligned-r1";

    /** Threads by id with a settable count; a thread removed is gone, as the JVM reports it (-1). */
    private static final class FakeThreads implements AllocationMonitor.Threads {
        final Map<Long, String> names = new LinkedHashMap<>();
        final Map<Long, Long> bytes = new LinkedHashMap<>();

        FakeThreads start(long id, String name, long allocated) {
            names.put(id, name);
            bytes.put(id, allocated);
            return this;
        }

        void set(long id, long allocated) {
            bytes.put(id, allocated);
        }

        void end(long id) {
            names.remove(id);
            bytes.remove(id);
        }

        @Override
        public Map<Long, String> live() {
            return new LinkedHashMap<>(names);
        }

        @Override
        public long[] allocatedBytes(long[] ids) {
            long[] counts = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                counts[i] = bytes.getOrDefault(ids[i], -1L);
            }
            return counts;
        }
    }

    private static FakeThreads job() {
        return new FakeThreads()
            .start(1, "main", 5_000)
            .start(11, "ringflow-" + JOB + "-sequence -> double value (1/1)", 1_000_000)
            .start(12, "ringflow-" + JOB + "-count and sum -> sink (1/1)", 2_000_000)
            .start(13, "ringflow-" + JOB + "-checkpoint-coordinator", 300)
            .start(14, "ringflow-" + JOB + "-snapshot-writer", 700)
            // Another job whose name starts with this one's: not ours.
            .start(20, "ringflow-" + JOB + "0-count and sum -> sink (1/1)", 0);
    }

    @Test
    void shouldDivideTheTaskThreadsDeltasByTheEventsAndCountTheCheckpointThreadsApart() {
        FakeThreads threads = job();
        AllocationMonitor monitor = new AllocationMonitor(threads, JOB);
        monitor.startWindow();
        threads.set(1, 9_000_000);
        threads.set(11, 1_000_000 + 400);
        threads.set(12, 2_000_000 + 600);
        threads.set(13, 300 + 30);
        threads.set(14, 700 + 1_970);
        threads.set(20, 123_456);

        Map<String, Object> figures = monitor.endWindow(3);

        assertEquals(333.3, figures.get("alloc_bytes_per_event"));
        assertEquals(666.7, figures.get("checkpoint_alloc_bytes_per_event"));
        Map<?, ?> alloc = (Map<?, ?>) figures.get("alloc");
        assertEquals(1_000L, alloc.get("task_bytes"));
        assertEquals(2_000L, alloc.get("checkpoint_bytes"));
        assertEquals(0L, alloc.get("control_bytes"));
        assertEquals(true, alloc.get("complete"));
        assertEquals(List.of(), alloc.get("ended_threads"));
        List<?> perThread = (List<?>) alloc.get("threads");
        assertEquals(4, perThread.size(), "main and the other job are left out: " + perThread);
        Map<?, ?> source = (Map<?, ?>) perThread.get(0);
        assertEquals("task", source.get("role"));
        assertEquals(400L, source.get("bytes"));
        assertEquals(133.3, source.get("bytes_per_event"));
        assertEquals("whole window", source.get("span"));
        assertEquals("checkpoint", ((Map<?, ?>) perThread.get(2)).get("role"));
    }

    @Test
    void shouldCountAThreadStartedInTheWindowFromZero() {
        FakeThreads threads = job();
        AllocationMonitor monitor = new AllocationMonitor(threads, JOB);
        monitor.startWindow();
        threads.set(11, 1_000_000 + 100);
        threads.set(12, 2_000_000 + 100);
        threads.start(15, "ringflow-" + JOB + "-job-end", 50);
        threads.start(16, "ringflow-" + JOB + "-map (1/1)", 800);

        Map<String, Object> figures = monitor.endWindow(10);

        assertEquals(100.0, figures.get("alloc_bytes_per_event"));
        Map<?, ?> alloc = (Map<?, ?>) figures.get("alloc");
        assertEquals(1_000L, alloc.get("task_bytes"));
        assertEquals(50L, alloc.get("control_bytes"));
        assertEquals(true, alloc.get("complete"));
        Map<?, ?> started = (Map<?, ?>) ((List<?>) alloc.get("threads")).get(5);
        assertEquals("ringflow-" + JOB + "-map (1/1)", started.get("name"));
        assertEquals("started in window", started.get("span"));
    }

    @Test
    void shouldSayWhenAThreadEndedAndCountItUpToItsLastSample() {
        FakeThreads threads = job();
        AllocationMonitor monitor = new AllocationMonitor(threads, JOB);
        monitor.startWindow();
        threads.set(11, 1_000_000 + 500);
        threads.set(12, 2_000_000 + 200);
        monitor.sample();
        threads.set(11, 1_000_000 + 900);
        threads.end(11);
        threads.set(12, 2_000_000 + 300);

        Map<String, Object> figures = monitor.endWindow(4);

        Map<?, ?> alloc = (Map<?, ?>) figures.get("alloc");
        assertEquals(false, alloc.get("complete"));
        assertEquals(List.of("ringflow-" + JOB + "-sequence -> double value (1/1)"), alloc.get("ended_threads"));
        assertEquals(800L, alloc.get("task_bytes"), "500 up to the sample + 300: a lower bound");
        assertEquals(200.0, figures.get("alloc_bytes_per_event"));
        assertEquals("ended in window (counted up to its last sample)",
            ((Map<?, ?>) ((List<?>) alloc.get("threads")).get(0)).get("span"));
    }

    @Test
    void shouldNotCountAThreadThatEndedBeforeItsFirstSampleAtAll() {
        FakeThreads threads = job();
        AllocationMonitor monitor = new AllocationMonitor(threads, JOB);
        monitor.startWindow();
        threads.end(12);

        Map<?, ?> alloc = (Map<?, ?>) monitor.endWindow(1).get("alloc");

        assertEquals(false, alloc.get("complete"));
        assertEquals(0L, alloc.get("task_bytes"));
    }

    @Test
    void shouldGiveNoFigureWithoutEvents() {
        AllocationMonitor monitor = new AllocationMonitor(job(), JOB);
        monitor.startWindow();

        Map<String, Object> figures = monitor.endWindow(0);

        assertNull(figures.get("alloc_bytes_per_event"));
        assertNull(figures.get("checkpoint_alloc_bytes_per_event"));
    }

    @Test
    void shouldCountTheRealTaskThreadsOfThisJvm() throws Exception {
        AllocationMonitor.Threads jvm = AllocationMonitor.jvm();
        assumeTrue(jvm != null, "no per-thread allocation counts in this JVM");
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Object[] kept = new Object[1_000];
        Thread task = new Thread(() -> {
            try {
                go.await();
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = new byte[1_000];
                }
                allocated.countDown();
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ringflow-alloc-test-job-task (1/1)");
        task.start();
        try {
            AllocationMonitor monitor = new AllocationMonitor(jvm, "alloc-test-job");
            monitor.startWindow();
            go.countDown();
            assertTrue(allocated.await(10, TimeUnit.SECONDS));

            Map<String, Object> figures = monitor.endWindow(1_000);

            double perEvent = (Double) figures.get("alloc_bytes_per_event");
            assertTrue(perEvent >= 1_000 && perEvent < 2_000, () -> "1,000 arrays of 1,000 bytes: " + figures);
            assertEquals(true, ((Map<?, ?>) figures.get("alloc")).get("complete"));
        } finally {
            measured.countDown();
            task.join();
        }
    }
}
