package io.ringflow.demo;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.connector.DiscardingSink;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The demo's once-a-second progress line and its summary. */
final class DemoProgress {
    private final DiscardingSink<Trade> latencySink;
    private final BarSink bars;
    private final PrintStream out;
    private final Histogram total = new Histogram(3);
    private final long startNanos = System.nanoTime();
    private Histogram interval;
    private long lastCount;
    private long lastNanos = startNanos;

    private final java.util.function.LongSupplier checkpoints;

    DemoProgress(DiscardingSink<Trade> latencySink, BarSink bars, java.util.function.LongSupplier checkpoints, PrintStream out) {
        this.checkpoints = checkpoints;
        this.latencySink = latencySink;
        this.bars = bars;
        this.out = out;
    }

    /** Prints the line of {@code second} when it has passed; false, printing nothing, when the job ended first. */
    boolean waitAndPrint(int second, CompletableFuture<?> end) throws InterruptedException {
        long waitNanos = startNanos + second * 1_000_000_000L - System.nanoTime();
        try {
            end.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            return false;
        } catch (ExecutionException e) {
            return false; // the job failed: the caller reports it
        } catch (TimeoutException e) {
            print(sample(), second);
            return true;
        }
    }

    private Histogram sample() {
        interval = latencySink.latencyRecorder().getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    private void print(Histogram histogram, int second) {
        long count = latencySink.count();
        long now = System.nanoTime();
        Bar bar = bars.latest();
        out.printf("t=%3ds  %,11.0f events/s  latency p50 %,9.1f µs  p99 %,9.1f µs  bars %,6d  checkpoints %,4d%s%n",
            second, (count - lastCount) * 1e9 / Math.max(1, now - lastNanos), micros(histogram, 50),
            micros(histogram, 99), bars.count(), checkpoints.getAsLong(),
            bar == null ? "" : String.format("  last %s vwap %.2f vol %,d", bar.symbol(), bar.vwap(), bar.volume()));
        lastCount = count;
        lastNanos = now;
    }

    void printSummary(JobClient job) {
        sample();
        lastCount = latencySink.count();
        lastNanos = System.nanoTime();
        double seconds = (lastNanos - startNanos) / 1e9;
        List<CheckpointStats> checkpoints = job.checkpointStats();
        long completed = checkpoints.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
        out.printf("summary: %.1f s, %,d trades (%,.0f events/s), latency p50 %,.1f µs p99 %,.1f µs max %,.1f µs,"
                + " %,d bars, %d checkpoints, %d restarts, job %s%n",
            seconds, lastCount, lastCount / seconds, micros(total, 50), micros(total, 99), total.getMaxValue() / 1000.0,
            bars.count(), completed, job.restarts(), job.status());
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
