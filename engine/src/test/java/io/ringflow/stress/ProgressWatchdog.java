package io.ringflow.stress;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobExecutionResult;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Waits for a job's end while watching it make progress: when for {@code stall} neither a
 * record was processed nor a checkpoint completed, the job is hung. The watchdog then takes the
 * job's diagnostics (channel positions, marker queues, holds, thread stacks), cancels it, and
 * throws {@link JobHang} carrying them.
 */
final class ProgressWatchdog {
    static final Duration STALL = Duration.ofSeconds(10);
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MS = 200;

    private ProgressWatchdog() {
    }

    static JobExecutionResult await(JobClient job, LongSupplier records) {
        return await(job, records, STALL);
    }

    /** @throws JobExecutionException when the job failed; {@link JobHang} when it stopped progressing */
    static JobExecutionResult await(JobClient job, LongSupplier records, Duration stall) {
        Progress last = Progress.of(job, records);
        long lastChange = System.nanoTime();
        while (true) {
            try {
                return job.result().get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                Progress now = Progress.of(job, records);
                if (!now.equals(last)) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange >= stall.toNanos()) {
                    String diagnostics = diagnostics(job);
                    throw new JobHang(job.jobName(), stall, now, diagnostics, stop(job));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof JobExecutionException failed) {
                    throw failed;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(job);
                throw new IllegalStateException("interrupted while watching job '" + job.jobName() + "'", e);
            }
        }
    }

    /** The job's own dump; if that fails, the failure and the stacks of Ringflow's threads, so that a hang is never reported bare. */
    private static String diagnostics(JobClient job) {
        try {
            return job.diagnostics();
        } catch (RuntimeException e) {
            return "JobClient.diagnostics() failed: " + Dumps.stackTrace(e) + "thread stacks instead:\n" + Dumps.ringflowThreads();
        }
    }

    /** Cancels the job; returns whether all its threads ended in time. */
    private static boolean stop(JobClient job) {
        try {
            job.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The progress signal: records processed and the newest completed checkpoint (the stats list is capped, so not a count). */
    record Progress(long records, long lastCompletedCheckpoint) {
        static Progress of(JobClient job, LongSupplier records) {
            long last = 0;
            for (CheckpointStats stats : job.checkpointStats()) {
                if (stats.status() == CheckpointStatus.COMPLETED) {
                    last = Math.max(last, stats.id());
                }
            }
            return new Progress(records.getAsLong(), last);
        }
    }

    /** A job that stopped making progress; the message holds its diagnostics. */
    static final class JobHang extends AssertionError {
        private static final long serialVersionUID = 1L;
        private final String diagnostics;

        JobHang(String jobName, Duration stall, Progress progress, String diagnostics, boolean stopped) {
            super("job '" + jobName + "' hung: no record processed and no checkpoint completed for " + seconds(stall)
                + " (records processed " + progress.records() + ", last completed checkpoint "
                + progress.lastCompletedCheckpoint() + ")" + (stopped ? "" : "; it did not stop within "
                + seconds(CANCEL_TIMEOUT) + " of cancel") + "\n" + diagnostics);
            this.diagnostics = diagnostics;
        }

        String diagnostics() {
            return diagnostics;
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
