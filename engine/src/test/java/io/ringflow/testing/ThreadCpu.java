package io.ringflow.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a thread waits or spins: the CPU time it uses while the test sleeps. */
public final class ThreadCpu {
    private ThreadCpu() {
    }

    /** The live thread called {@code name}, waiting for it to start. */
    public static Thread named(String name) throws InterruptedException {
        while (true) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name)) {
                    return thread;
                }
            }
            Thread.sleep(1);
        }
    }

    /**
     * Sleeps {@code millis} and fails unless {@code thread} used under a fifth of that in CPU: a
     * thread waiting for its next event uses almost none, one polling for it a core's worth.
     */
    public static void assertIdleFor(Thread thread, long millis, String during) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(thread.getId());
        long wallBefore = System.nanoTime();
        Thread.sleep(millis);
        long cpu = threads.getThreadCpuTime(thread.getId()) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertTrue(cpu < wall / 5, thread.getName() + " used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000
            + " ms " + during);
    }
}
