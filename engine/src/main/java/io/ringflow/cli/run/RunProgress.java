package io.ringflow.cli.run;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.metrics.LogSourceMetrics;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The run's progress, once a second: on a terminal one line rewritten in place, otherwise a
 * plain line each time. Per job: status, records per second by task, the lag of its log
 * sources, and the last checkpoint.
 */
final class RunProgress implements AutoCloseable {
    private final Supplier<List<RunContext.RunningJob>> jobs;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;
    private int lastLength;

    RunProgress(Supplier<List<RunContext.RunningJob>> jobs, PrintStream out, boolean terminal) {
        this.jobs = jobs;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "ringflow-run-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print();
            }
        }
    }

    private synchronized void print() {
        StringBuilder line = new StringBuilder();
        for (RunContext.RunningJob job : jobs.get()) {
            if (!line.isEmpty()) {
                line.append(" | ");
            }
            line.append(describe(job.client()));
        }
        if (line.isEmpty()) {
            return;
        }
        if (terminal) {
            int length = line.length();
            line.append(" ".repeat(Math.max(0, lastLength - length)));
            out.print("\r" + line);
            lastLength = length;
        } else {
            out.println("progress: " + line);
        }
        out.flush();
    }

    private String describe(JobClient job) {
        StringBuilder text = new StringBuilder("job '").append(job.jobName()).append("' ").append(job.status());
        String records = JobRates.describe(job);
        if (!records.isEmpty()) {
            text.append("  ").append(records);
        }
        text.append(logLag(job.jobName()));
        List<CheckpointStats> stats = job.checkpointStats();
        long completed = stats.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
        long failed = stats.stream().filter(s -> s.status() == CheckpointStatus.FAILED || s.status() == CheckpointStatus.EXPIRED)
            .count();
        stats.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).reduce((a, b) -> b).ifPresentOrElse(
            last -> text.append(String.format("  checkpoint %d: %d ms, %,d B", last.id(), last.endToEndDurationMs(),
                last.stateSizeBytes() + last.persistedInFlightBytes())),
            () -> text.append("  no checkpoint yet"));
        text.append(String.format(" (%d completed, %d failed)", completed, failed));
        return text.toString();
    }

    /** The lag of the job's Chronicle log sources, summed over their subtasks; empty without one. */
    static String logLag(String jobName) {
        List<LogSourceMetrics> sources = LogSourceMetrics.ofJob(jobName);
        if (sources.isEmpty()) {
            return "";
        }
        long lag = sources.stream().mapToLong(LogSourceMetrics::getLagRecords).sum();
        long age = sources.stream().mapToLong(LogSourceMetrics::getLastRecordAgeMs).max().orElse(-1);
        return String.format("  log lag %,d", lag) + (age < 0 ? "" : String.format(" (last record %,d ms old)", age));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && lastLength > 0) {
                out.println();
            }
        }
    }
}
