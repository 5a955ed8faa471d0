package io.ringflow.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap bytes allocated by one job's threads over a measured window, from HotSpot's per-thread
 * allocation counters ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}).
 *
 * <p>The job's threads are those named {@code ringflow-<job name>-}: the checkpoint coordinator
 * and the snapshot writer are counted apart ({@code checkpoint}), the job-end and restart threads
 * apart again ({@code control}); every other one is a task thread. The task threads run the user
 * functions too, so their figure includes what those allocate.
 *
 * <p>A thread's count covers its whole life, so the window's share is its count at the end minus
 * its count at the start (0 for a thread that started inside the window). A thread that ends
 * inside the window takes its count with it: it is then counted up to the last {@link #sample()}
 * that saw it alive (or not at all), named in {@code ended_threads}, and the totals are marked
 * {@code complete: false}, a lower bound. A thread that starts and ends between two samples is
 * not seen at all; samples during the window make that window short.
 *
 * <p>Public for the JMH {@code AllocationBenchmark}, which reads its job's task threads the same way.
 */
public final class AllocationMonitor {
    static final String CHECKPOINT = "checkpoint";
    static final String TASK = "task";
    static final String CONTROL = "control";

    /** What the JVM tells about its threads; faked in tests. */
    public interface Threads {
        /** Id → name of every live thread. */
        Map<Long, String> live();

        /** Bytes allocated so far by each thread, -1 for one that is gone (or when counting is off). */
        long[] allocatedBytes(long[] ids);
    }

    /** One job thread seen in the window. */
    private static final class Seen {
        final String name;
        /** The count at the window's start; 0 for a thread that started inside it. */
        final long startBytes;
        final boolean startedInWindow;
        /** The latest count read while the thread was alive. */
        long lastBytes;

        Seen(String name, long startBytes, boolean startedInWindow) {
            this.name = name;
            this.startBytes = startBytes;
            this.startedInWindow = startedInWindow;
            this.lastBytes = startBytes;
        }
    }

    private final Threads threads;
    private final String prefix;
    private final Map<Long, Seen> seen = new LinkedHashMap<>();
    private boolean started;

    /** @param jobName the name the job was started with, which its threads carry */
    public AllocationMonitor(Threads threads, String jobName) {
        this.threads = threads;
        this.prefix = "ringflow-" + jobName + "-";
    }

    /** The running JVM's threads, or null when it cannot count per-thread allocation. */
    public static Threads jvm() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
            || !bean.isThreadAllocatedMemorySupported()) {
            return null;
        }
        if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        return new Threads() {
            @Override
            public Map<Long, String> live() {
                Map<Long, String> names = new LinkedHashMap<>();
                // No stack traces: names only, without a safepoint per thread.
                for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
                    if (info != null) {
                        names.put(info.getThreadId(), info.getThreadName());
                    }
                }
                return names;
            }

            @Override
            public long[] allocatedBytes(long[] ids) {
                return bean.getThreadAllocatedBytes(ids);
            }
        };
    }

    /** The role of a thread of the job, by the suffix after {@code ringflow-<job name>-}. */
    static String role(String suffix) {
        return switch (suffix) {
            case "checkpoint-coordinator", "snapshot-writer" -> CHECKPOINT;
            case "job-end", "restart" -> CONTROL;
            default -> TASK;
        };
    }

    public void startWindow() {
        seen.clear();
        Map<Long, String> job = jobThreads();
        long[] ids = ids(job);
        long[] bytes = threads.allocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                seen.put(ids[i], new Seen(job.get(ids[i]), bytes[i], false));
            }
        }
        started = true;
    }

    /** Inside the window: remembers each job thread's count so far, and any thread started since. */
    public void sample() {
        if (started) {
            read(jobThreads());
        }
    }

    /**
     * Closes the window: {@code alloc_bytes_per_event} (task threads) and
     * {@code checkpoint_alloc_bytes_per_event}, one decimal, null without events, then
     * {@code alloc} with the byte totals, per-thread figures and any ended threads.
     */
    public Map<String, Object> endWindow(long events) {
        if (!started) {
            throw new IllegalStateException("endWindow before startWindow");
        }
        Map<Long, String> job = jobThreads();
        Map<Long, Long> atEnd = read(job);
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String role : List.of(TASK, CHECKPOINT, CONTROL)) {
            totals.put(role, 0L);
        }
        List<Object> perThread = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (Map.Entry<Long, Seen> entry : seen.entrySet()) {
            Seen thread = entry.getValue();
            boolean alive = atEnd.containsKey(entry.getKey());
            long bytes = thread.lastBytes - thread.startBytes;
            String role = role(thread.name.substring(prefix.length()));
            totals.merge(role, bytes, Long::sum);
            if (!alive) {
                ended.add(thread.name);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("name", thread.name);
            figures.put("role", role);
            figures.put("bytes", bytes);
            figures.put("bytes_per_event", perEvent(bytes, events));
            figures.put("span", !alive ? "ended in window (counted up to its last sample)"
                : thread.startedInWindow ? "started in window" : "whole window");
            perThread.add(figures);
        }
        started = false;

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("alloc_bytes_per_event", perEvent(totals.get(TASK), events));
        figures.put("checkpoint_alloc_bytes_per_event", perEvent(totals.get(CHECKPOINT), events));
        Map<String, Object> alloc = new LinkedHashMap<>();
        alloc.put("events", events);
        alloc.put("task_bytes", totals.get(TASK));
        alloc.put("checkpoint_bytes", totals.get(CHECKPOINT));
        alloc.put("control_bytes", totals.get(CONTROL));
        alloc.put("complete", ended.isEmpty());
        alloc.put("ended_threads", ended);
        alloc.put("threads", perThread);
        figures.put("alloc", alloc);
        return figures;
    }

    /** What to put in a run object when the JVM cannot count per-thread allocation. */
    static Map<String, Object> unsupported() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("alloc_bytes_per_event", null);
        figures.put("checkpoint_alloc_bytes_per_event", null);
        figures.put("alloc", Map.of("unsupported", "this JVM does not count allocated bytes per thread"));
        return figures;
    }

    /** Reads the counts of {@code job}'s threads; returns those of the live ones (id → bytes). */
    private Map<Long, Long> read(Map<Long, String> job) {
        long[] ids = ids(job);
        long[] bytes = threads.allocatedBytes(ids);
        Map<Long, Long> alive = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] < 0) {
                continue; // ended between listing and reading
            }
            alive.put(ids[i], bytes[i]);
            Seen thread = seen.computeIfAbsent(ids[i], id -> new Seen(job.get(id), 0, true));
            thread.lastBytes = bytes[i];
        }
        return alive;
    }

    private Map<Long, String> jobThreads() {
        Map<Long, String> job = new LinkedHashMap<>();
        threads.live().forEach((id, name) -> {
            if (name.startsWith(prefix)) {
                job.put(id, name);
            }
        });
        return job;
    }

    private static long[] ids(Map<Long, String> threads) {
        return threads.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes per event, one decimal; null without events. */
    static Double perEvent(long bytes, long events) {
        return events <= 0 ? null : Math.round(bytes * 10.0 / events) / 10.0;
    }
}
