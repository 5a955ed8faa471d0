package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobExecutionResult;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.checkpoint.JobCheckpoints;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.storage.CompletedCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A job inside this process: runs execution attempts one after another. When an attempt fails
 * and the restart strategy allows, a new attempt restores the latest completed checkpoint
 * (state by key group, in-flight records, source positions) and resumes; otherwise the job
 * fails with the original exception.
 */
public final class LocalJob implements JobClient {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final String jobId;
    private final ExecutionPlan plan;
    private final JobConfig config;
    private final RestartStrategy restartStrategy;
    private final JobCheckpoints checkpoints;
    private final AutoCloseable directoryLock;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile ExecutionAttempt attempt;
    private final java.util.concurrent.atomic.LongAdder replayedInFlight = new java.util.concurrent.atomic.LongAdder();
    private volatile long lastRestoredCheckpointId = -1;
    private volatile java.nio.file.Path lastRestoredCheckpointPath;
    private volatile io.ringflow.api.RestoreStats lastRestoreStats;
    private long restoreOpenNanos; // reading and checking the checkpoint given at the start, for the first attempt
    private Thread restarter;
    private volatile JobStatus status = JobStatus.CREATED;
    private volatile Throwable failureCause;
    private int attempts;
    private int restarts;
    private final io.ringflow.metrics.JobMetrics metrics;

    public LocalJob(ExecutionPlan plan, JobConfig config, RestartStrategy restartStrategy, JobCheckpoints checkpoints) {
        this(plan, config, restartStrategy, checkpoints, null);
    }

    /** {@code directoryLock}: held for the job's checkpoint directory until the job ends; null for none. */
    public LocalJob(ExecutionPlan plan, JobConfig config, RestartStrategy restartStrategy, JobCheckpoints checkpoints,
                    AutoCloseable directoryLock) {
        this.directoryLock = directoryLock;
        this.plan = plan;
        this.config = config;
        this.jobId = config.jobId();
        this.restartStrategy = restartStrategy;
        this.checkpoints = checkpoints;
        this.metrics = new io.ringflow.metrics.JobMetrics(this);
    }

    /** A restart copies every function: one that cannot be copied fails the job now, not at its first failover. */
    private void checkRestartable() {
        if (restartStrategy.delayBeforeRestartMs(1).isEmpty()) {
            return;
        }
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (io.ringflow.graph.StreamNode node : chain.nodes()) {
                String notCopyable = node.factory().notCopyable();
                if (notCopyable != null) {
                    throw new io.ringflow.api.InvalidJobException(notCopyable + ". The job has a restart strategy, and a "
                        + "restart runs a copy of every function", null);
                }
            }
        }
    }

    /** The time the launcher spent reading and checking the checkpoint it restores first. */
    void restoreOpenedIn(long nanos) {
        this.restoreOpenNanos = nanos;
    }

    @Override
    public java.util.Optional<io.ringflow.api.RestoreStats> lastRestoreStats() {
        return java.util.Optional.ofNullable(lastRestoreStats);
    }

    public synchronized void start() {
        checkRestartable();
        status = JobStatus.RUNNING;
        metrics.start();
        try {
            startAttempt(checkpoints.latestCompleted());
        } catch (RuntimeException e) {
            metrics.close();
            releaseDirectoryLock();
            throw e;
        }
    }

    private void releaseDirectoryLock() {
        if (directoryLock != null) {
            try {
                directoryLock.close();
            } catch (Exception ignored) {
                // closing its channel releases it; the OS does at the latest when the process ends
            }
        }
    }

    private void startAttempt(CompletedCheckpoint restoreFrom) {
        if (restoreFrom != null) {
            lastRestoredCheckpointPath = restoreFrom.directory();
            lastRestoredCheckpointId = restoreFrom.checkpointId();
            LOG.info("job '{}': restoring checkpoint {} from {} (attempt {})", config.jobName(), restoreFrom.checkpointId(),
                restoreFrom, attempts + 1);
        }
        long restoreStart = System.nanoTime() - restoreOpenNanos;
        ExecutionAttempt next = new ExecutionAttempt(plan, config, restoreFrom, checkpoints, attempts++, replayedInFlight,
            metrics, this::attemptEnded);
        if (restoreFrom != null) {
            next.timeRestore(new io.ringflow.restore.RestoreTimings(config.jobName(), restoreFrom.checkpointId(),
                restoreOpenNanos, restoreStart, next.taskCount(), stats -> lastRestoreStats = stats));
        }
        restoreOpenNanos = 0; // a failover restores the checkpoint the job holds: nothing to read
        attempt = next;
        next.start();
    }

    private synchronized void attemptEnded(ExecutionAttempt.Outcome outcome) {
        if (outcome.failure() != null && status == JobStatus.RUNNING
            && (!outcome.restartable() || io.ringflow.api.SuppressRestartsException.isIn(outcome.failure()))) {
            // a restart beside threads still running the old attempt's code, or one that cannot cure the failure
            failureCause = outcome.failure();
        } else if (outcome.failure() != null && status == JobStatus.RUNNING) {
            OptionalLong delay = restartStrategy.delayBeforeRestartMs(restarts + 1);
            if (delay.isPresent()) {
                restarts++;
                CompletedCheckpoint latest = checkpoints.latestCompleted();
                // the stack trace too: the caller never sees a failure the job recovers from
                LOG.warn("job '{}' failed: {}; restart {} in {} ms from {}", config.jobName(), outcome.failure().toString(),
                    restarts, delay.getAsLong(), latest == null ? "the start (no checkpoint completed)"
                        : "checkpoint " + latest.checkpointId(), outcome.failure());
                status = JobStatus.RESTARTING;
                restarter = new Thread(() -> restartAfter(delay.getAsLong()), "ringflow-" + config.jobName() + "-restart");
                restarter.start();
                return;
            }
            failureCause = outcome.failure();
            LOG.warn("job '{}' failed for good after {} restart(s), the most its restart strategy allows: {}", config.jobName(),
                restarts, outcome.failure().toString());
        }
        end();
    }

    private void restartAfter(long delayMs) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (status != JobStatus.RESTARTING) {
                return; // cancelled while waiting
            }
            status = JobStatus.RUNNING;
            try {
                startAttempt(checkpoints.latestCompleted());
            } catch (RuntimeException e) {
                failureCause = e;
                end();
            }
        }
    }

    private void end() {
        JobStatus finalStatus = failureCause != null ? JobStatus.FAILED
            : status == JobStatus.CANCELLING || status == JobStatus.RESTARTING ? JobStatus.CANCELED : JobStatus.FINISHED;
        status = finalStatus;
        checkpoints.onJobTerminated(finalStatus == JobStatus.CANCELED); // deletes them if the retention says so
        checkpoints.onJobEnded();
        releaseDirectoryLock(); // before the end is seen: a run of the same job may follow at once
        metrics.close(); // the MBeans are gone once the job's end is seen
        terminated.complete(null);
        if (finalStatus == JobStatus.FAILED) {
            result.completeExceptionally(new JobExecutionException(config.jobName(), failureCause));
        } else {
            result.complete(new JobExecutionResult(jobId, config.jobName(), finalStatus, (System.nanoTime() - startNanos) / 1_000_000));
        }
    }

    @Override
    public CompletableFuture<Void> cancel() {
        synchronized (this) {
            if (status == JobStatus.RESTARTING) {
                status = JobStatus.CANCELLING;
                end();
                restarter.interrupt(); // it waits out the restart delay, which may be long: nothing to restart now
            } else if (status == JobStatus.RUNNING) {
                status = JobStatus.CANCELLING;
                attempt.cancel();
            }
        }
        return terminated;
    }

    @Override
    public CompletableFuture<io.ringflow.api.CheckpointStats> triggerCheckpoint() {
        if (!config.checkpointConfig().isCheckpointingEnabled()) {
            return CompletableFuture.failedFuture(new IllegalStateException("job '" + config.jobName() + "' has no"
                + " checkpointing: call enableCheckpointing(interval) (a long interval makes every checkpoint a triggered one)"));
        }
        ExecutionAttempt running = runningAttempt();
        return running == null ? notRunning() : running.coordinator().triggerCheckpoint();
    }

    @Override
    public CompletableFuture<Path> triggerSavepoint(Path dir) {
        ExecutionAttempt running = runningAttempt();
        return running == null ? notRunning() : running.coordinator().triggerSavepoint(dir, false);
    }

    @Override
    public CompletableFuture<Path> stopWithSavepoint(Path dir) {
        if (!config.checkpointConfig().isCheckpointingEnabled()) {
            return CompletableFuture.failedFuture(new IllegalStateException("stop-with-savepoint needs checkpointing"
                + " enabled, so that the job waits for its final checkpoint and sinks commit; call enableCheckpointing(...)"
                + " or use triggerSavepoint + cancel"));
        }
        ExecutionAttempt running = runningAttempt();
        return running == null ? notRunning() : running.coordinator().triggerSavepoint(dir, true);
    }

    /** The running attempt, or null: then, as Flink's JobClient, the request's future fails rather than the call. */
    private ExecutionAttempt runningAttempt() {
        ExecutionAttempt current = attempt;
        return status != JobStatus.RUNNING ? null : current;
    }

    private <T> CompletableFuture<T> notRunning() {
        return CompletableFuture.failedFuture(new IllegalStateException("job '" + config.jobName() + "' is " + status
            + "; checkpoints and savepoints need a running job (after a restart, retry once it runs)"));
    }

    /** The job's MBeans and per-second figures, for progress lines. */
    public io.ringflow.metrics.JobMetrics metrics() {
        return metrics;
    }

    /** The tasks of the current attempt, for tools and tests. */
    public List<io.ringflow.task.Task> tasks() {
        ExecutionAttempt current = attempt;
        return current == null ? List.of() : current.tasks();
    }

    @Override
    public String diagnostics() {
        ExecutionAttempt current = attempt;
        return "job '" + config.jobName() + "' " + status + ", restarts " + restarts() + "\n"
            + (current == null ? "no attempt running\n" : current.diagnostics());
    }

    @Override
    public long numLateRecordsDropped() {
        return metrics.numLateRecordsDropped();
    }

    @Override
    public long replayedInFlightRecords() {
        return replayedInFlight.sum();
    }

    @Override
    public OptionalLong lastRestoredCheckpointId() {
        long id = lastRestoredCheckpointId;
        return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public java.util.Optional<java.nio.file.Path> lastRestoredCheckpointPath() {
        return java.util.Optional.ofNullable(lastRestoredCheckpointPath);
    }

    /** How many times the job restarted so far. */
    public synchronized int restarts() {
        return restarts;
    }

    @Override
    public List<CheckpointStats> checkpointStats() {
        return checkpoints.stats();
    }

    @Override
    public List<io.ringflow.api.CheckpointTrace> checkpointTraces() {
        return checkpoints.traces();
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String jobName() {
        return config.jobName();
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failureCause);
    }

    @Override
    public CompletableFuture<JobExecutionResult> result() {
        return result;
    }
}
