package io.ringflow.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A handle on a running job, returned by {@link StreamEnvironment#executeAsync}. */
public interface JobClient {
    String jobId();

    String jobName();

    JobStatus status();

    /** The exception that failed the job, once it has failed. */
    Optional<Throwable> failureCause();

    /** Statistics of every checkpoint so far, oldest first; empty when checkpointing is off. */
    java.util.List<CheckpointStats> checkpointStats();

    /**
     * Where the time of each settled checkpoint went, per task and phase (see {@link CheckpointTrace}),
     * for the newest 1,000, oldest first. A completed checkpoint's trace is here once its tasks were
     * notified; empty when checkpointing is off.
     */
    default java.util.List<CheckpointTrace> checkpointTraces() {
        return java.util.List.of();
    }

    /** The trace of checkpoint {@code checkpointId}, once settled; empty when unknown or no longer kept. */
    default Optional<CheckpointTrace> checkpointTrace(long checkpointId) {
        return checkpointTraces().stream().filter(trace -> trace.checkpointId() == checkpointId).findFirst();
    }

    /*
     * As Flink's JobClient, the three requests below never throw: a job that is not running (restarting,
     * ended) or not configured for the request fails the returned future with the reason.
     */

    /**
     * Takes a checkpoint now, outside the interval and the min pause (Flink's manual checkpoint
     * trigger): a regular checkpoint in every other way (it waits for a free slot under max
     * concurrent checkpoints, counts toward retention and tolerable failures, notifies
     * {@code notifyCheckpointComplete}). Completes with its statistics once it completed;
     * exceptionally when it failed, expired or was subsumed, or the attempt ended first. Needs
     * checkpointing enabled; a long interval makes every checkpoint a triggered one.
     */
    CompletableFuture<CheckpointStats> triggerCheckpoint();

    /**
     * Takes a savepoint into {@code dir} (a new directory; null = under state.savepoints.dir):
     * self-contained, relocatable, never deleted by the engine. Completes with its directory.
     */
    CompletableFuture<java.nio.file.Path> triggerSavepoint(java.nio.file.Path dir);

    /**
     * Takes a final savepoint, stops the sources right after it (without firing event-time
     * windows), lets sinks commit, and ends the job as FINISHED. Needs checkpointing enabled.
     */
    CompletableFuture<java.nio.file.Path> stopWithSavepoint(java.nio.file.Path dir);

    /**
     * What every task of the running attempt is doing, for a job that stops progressing: per task
     * its thread's state and stack, per input channel the published and consumed positions, the
     * barrier markers queued beside the ring and the in-flight holds, per output the overdraft,
     * and the barrier handler's pending checkpoints. Any thread; a best-effort snapshot.
     */
    String diagnostics();

    /**
     * In-flight records that unaligned checkpoints persisted and this job's restores re-injected,
     * over every attempt (after a rescale, only those of this job's key groups).
     */
    long replayedInFlightRecords();

    /** The checkpoint or savepoint the newest restore of this job started from; empty when it never restored. */
    java.util.OptionalLong lastRestoredCheckpointId();

    /**
     * The directory of the checkpoint or savepoint the newest restore of this job started from
     * (for the heap storage, a name of the form {@code <job>/chk-<n>}); empty when it never restored.
     */
    Optional<java.nio.file.Path> lastRestoredCheckpointPath();

    /**
     * Records the window and interval-join operators of the running attempt dropped as too late
     * (Flink's {@code numLateRecordsDropped}; those sent to a late-data side output are not dropped);
     * once the job ended, those of its last attempt. A restart counts from 0 again, as the task MBeans.
     */
    long numLateRecordsDropped();

    /** How many times the job restarted after a failure. */
    int restarts();

    /** The phases of the job's last restore, once every task has its state back; empty before. */
    default Optional<RestoreStats> lastRestoreStats() {
        return Optional.empty();
    }

    /** Stops every task; the future completes when all threads have ended and all ring memory is freed. */
    CompletableFuture<Void> cancel();

    /** Completes with the result when the job finished or was cancelled; completes exceptionally with
     * {@link JobExecutionException} when it failed. */
    CompletableFuture<JobExecutionResult> result();

    /** Waits for the end of the job. @throws JobExecutionException when it failed */
    default JobExecutionResult await() {
        try {
            return result().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof JobExecutionException failed) {
                throw failed;
            }
            throw e;
        }
    }

    /** Waits at most {@code timeout}. @throws java.util.concurrent.TimeoutException wrapped unchecked when it did not end */
    default JobExecutionResult await(Duration timeout) {
        try {
            return result().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof JobExecutionException failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("job '" + jobName() + "' did not end within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for job '" + jobName() + "'", e);
        }
    }
}
