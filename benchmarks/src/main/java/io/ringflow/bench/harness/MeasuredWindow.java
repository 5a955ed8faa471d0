package io.ringflow.bench.harness;

import io.ringflow.api.JobClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The measured window of W1–W3 and W5: wait for the first record at the probe (the sink, or W5's
 * reader), warm up, then snapshot the probe's counter and reset its latency histogram, sleep for
 * the measured time, snapshot again, and cancel the job. GC, whole-machine CPU, the load average,
 * checkpoints, the bytes the job's threads allocate ({@link AllocationMonitor}) and (fixed-rate
 * source) the source's lag behind its schedule are taken over the same window.
 */
final class MeasuredWindow {
    private static final long FIRST_RECORD_TIMEOUT_MS = 30_000;
    /** How long to wait after the window for checkpoints triggered inside it to end. */
    private static final long CHECKPOINT_SETTLE_MS = 5_000;
    /**
     * How often the job threads' allocation counts and the checkpoint statistics are read inside
     * the window: a thread that ends loses little, and the job's 1,000 newest checkpoints always
     * cover the time since the last read.
     */
    private static final long SAMPLE_MS = 250;
    private static final double PHASE_FLIPPING_S = 2.0; // of the warm-up, see sleepAlternatingPhases
    private static final long PHASE_FLIP_MS = 10;
    private static final double[] PLOTTED_PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};

    private MeasuredWindow() {
    }

    /** What a workload does after the window, before the job is cancelled (W5: the count check). */
    interface AfterWindow {
        void run(Map<String, Object> figures) throws Exception;
    }

    /** Runs the window on a started pipeline and returns the measured figures; always cancels the job. */
    static Map<String, Object> measure(Pipeline pipeline, RunSpec spec) throws Exception {
        return measure(pipeline, spec, false, figures -> { });
    }

    /** As {@link #measure(Pipeline, RunSpec)}, and the checkpoints' traces ({@link TraceFigures}) go into {@code checkpoints}. */
    static Map<String, Object> measureTraced(Pipeline pipeline, RunSpec spec) throws Exception {
        return measure(pipeline, spec, true, figures -> { });
    }

    /** As {@link #measure(Pipeline, RunSpec)}, then {@code after} adds its figures while the job still runs. */
    static Map<String, Object> measure(Pipeline pipeline, RunSpec spec, AfterWindow after) throws Exception {
        return measure(pipeline, spec, false, after);
    }

    /** As {@link #measure(Pipeline, RunSpec, AfterWindow)}, with the checkpoints' traces. */
    static Map<String, Object> measureTraced(Pipeline pipeline, RunSpec spec, AfterWindow after) throws Exception {
        return measure(pipeline, spec, true, after);
    }

    private static Map<String, Object> measure(Pipeline pipeline, RunSpec spec, boolean traces, AfterWindow after)
        throws Exception {
        JobClient job = pipeline.job();
        CheckpointHistory checkpoints = new CheckpointHistory(job, traces);
        LatencyProbe sink = pipeline.probe();
        Recorder recorder = sink.latencyRecorder();
        AllocationMonitor.Threads jvmThreads = AllocationMonitor.jvm();
        AllocationMonitor alloc = jvmThreads == null ? null : new AllocationMonitor(jvmThreads, job.jobName());
        try (GcMonitor gc = new GcMonitor()) {
            awaitFirstRecord(job, sink);
            sleepAlternatingPhases(recorder, spec.warmupS());
            List<Double> loadBefore = LoadAvg.read();
            SourceStats source = spec.rate() == null ? null : pipeline.sourceStats();
            long countBefore = sink.count();
            if (alloc != null) {
                alloc.startWindow();
            }
            recorder.reset();
            long startNs = System.nanoTime();
            if (source != null) {
                source.openWindow(startNs);
            }
            long startMs = System.currentTimeMillis();
            checkpoints.windowStarts(startMs);
            CpuStat cpuBefore = CpuStat.read();
            gc.startWindow();
            sleepSampling(startNs + Math.round(spec.measureS() * 1e9), alloc, checkpoints);
            long countAfter = sink.count();
            Map<String, Object> allocFigures = alloc == null ? AllocationMonitor.unsupported()
                : alloc.endWindow(countAfter - countBefore);
            long endNs = System.nanoTime();
            long endMs = System.currentTimeMillis();
            Histogram latency = recorder.getIntervalHistogram();
            Map<String, Object> sourceLag = source == null ? null : source.closeWindow(endNs);
            Map<String, Object> gcFigures = gc.endWindow();
            CpuStat cpuAfter = CpuStat.read();
            failIfNotRunning(job);

            Map<String, Object> figures = new LinkedHashMap<>();
            double elapsedS = (endNs - startNs) / 1e9;
            figures.put("events_per_s", Math.round((countAfter - countBefore) / elapsedS));
            figures.put("latency_us", latencySummary(latency));
            if (spec.mode().checkpoints()) {
                awaitCheckpointsTriggeredBefore(job, endMs);
                figures.put("checkpoints", checkpointFigures(checkpoints, startMs, endMs));
            }
            figures.put("measured_events", countAfter - countBefore);
            figures.put("measured_s", Math.round(elapsedS * 1000) / 1000.0);
            figures.put("latency_percentiles_us", percentiles(latency));
            figures.put("gc", gcFigures);
            figures.putAll(allocFigures);
            figures.put("cpu", cpuBefore == null || cpuAfter == null ? null : cpuAfter.since(cpuBefore));
            figures.put("load_avg", loadAvg(loadBefore, LoadAvg.read()));
            if (sourceLag != null) {
                figures.put("source_lag", sourceLag);
            }
            after.run(figures);
            return figures;
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> checkpointFigures(CheckpointHistory checkpoints, long startMs, long endMs) {
        Map<String, Object> figures = checkpoints.figures(startMs, endMs);
        if (checkpoints.withTraces()) {
            figures.putAll(checkpoints.traceFigures(startMs, endMs, ((Number) figures.get("completed")).longValue()));
        }
        return figures;
    }

    /** {@code {"start": [1, 5, 15 min], "end": [...]}} of the window. */
    static Map<String, Object> loadAvg(List<Double> start, List<Double> end) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("start", start);
        load.put("end", end);
        return load;
    }

    /**
     * At most one checkpoint runs at a time, so once one triggered after {@code endMs} was
     * recorded, every checkpoint triggered inside the window has ended.
     */
    private static void awaitCheckpointsTriggeredBefore(JobClient job, long endMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + CHECKPOINT_SETTLE_MS;
        while (System.currentTimeMillis() < deadline && !job.status().isTerminal()
            && job.checkpointStats().stream().noneMatch(stats -> stats.triggerTimeMs() > endMs)) {
            Thread.sleep(10);
        }
    }

    static void awaitFirstRecord(JobClient job, LatencyProbe sink) throws InterruptedException {
        long deadline = System.currentTimeMillis() + FIRST_RECORD_TIMEOUT_MS;
        while (sink.count() == 0) {
            failIfNotRunning(job);
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no record reached the sink within " + FIRST_RECORD_TIMEOUT_MS + " ms");
            }
            Thread.sleep(1);
        }
    }

    private static void failIfNotRunning(JobClient job) {
        job.failureCause().ifPresent(cause -> {
            throw new IllegalStateException("job " + job.jobName() + " failed: " + cause, cause);
        });
        if (job.status().isTerminal()) {
            throw new IllegalStateException("job " + job.jobName() + " ended early: " + job.status());
        }
    }

    /** Sleeps until {@code deadlineNs} ({@code System.nanoTime()}), reading allocation counts and checkpoints now and then. */
    private static void sleepSampling(long deadlineNs, AllocationMonitor alloc, CheckpointHistory checkpoints)
        throws InterruptedException {
        long leftNs;
        while ((leftNs = deadlineNs - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(SAMPLE_MS, (leftNs + 999_999) / 1_000_000)));
            if (alloc != null) {
                alloc.sample();
            }
            checkpoints.sample();
        }
    }

    /**
     * Sleeps through the warm-up, the first {@link #PHASE_FLIPPING_S} s of it swapping the
     * recorder's interval histogram every {@link #PHASE_FLIP_MS} ms (the counts are discarded: the
     * window's reset comes after). A recorder's writers take one branch while its phase is even and
     * another while it is odd, and the first swap is otherwise the window's own reset: the sink's
     * thread then took the odd branch for the first time mid-run, and the JIT recompiled its
     * compiled record path, too late to inline the user function into it again.
     */
    private static void sleepAlternatingPhases(Recorder recorder, double seconds) throws InterruptedException {
        long endNs = System.nanoTime() + Math.round(seconds * 1e9);
        long flipUntilNs = System.nanoTime() + Math.round(Math.min(seconds, PHASE_FLIPPING_S) * 1e9);
        Histogram recycled = null;
        while (System.nanoTime() < flipUntilNs) {
            recycled = recorder.getIntervalHistogram(recycled);
            Thread.sleep(PHASE_FLIP_MS);
        }
        long leftNs = endNs - System.nanoTime();
        if (leftNs > 0) {
            Thread.sleep(leftNs / 1_000_000, (int) (leftNs % 1_000_000));
        }
    }

    static Map<String, Object> latencySummary(Histogram nanos) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", micros(nanos, 50));
        latency.put("p99", micros(nanos, 99));
        latency.put("p99_9", micros(nanos, 99.9));
        latency.put("max", micros(nanos, 100));
        return latency;
    }

    /** {@code [[percentile, µs], ...]} for the report's plot. */
    private static List<Object> percentiles(Histogram nanos) {
        List<Object> points = new ArrayList<>();
        for (double percentile : PLOTTED_PERCENTILES) {
            points.add(List.of(percentile, micros(nanos, percentile)));
        }
        return points;
    }

    private static Double micros(Histogram nanos, double percentile) {
        if (nanos.getTotalCount() == 0) {
            return null;
        }
        long value = percentile >= 100 ? nanos.getMaxValue() : nanos.getValueAtPercentile(percentile);
        return Math.round(value / 100.0) / 10.0;
    }
}
