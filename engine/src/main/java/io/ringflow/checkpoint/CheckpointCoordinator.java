package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.Clock;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.snapshot.PhaseTimes;
import io.ringflow.storage.CpuSlices;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Triggers checkpoints by interval under Flink's rules (min pause, max concurrent, timeout,
 * tolerable failures), collects acknowledgements, writes the metadata last, then tells every
 * task the checkpoint is complete. A duty-cycle agent: its own thread runs the cycles, and so does
 * the snapshot writer's right after it acknowledged ({@link #tryDoWork}), one at a time under its
 * lock. It knows tasks only by their reports on its inbound queue and commands them only through
 * {@link TaskControl}: every decision is a function of its own state, those reports and its clock.
 */
public final class CheckpointCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final JobCheckpoints job;
    private final CheckpointConfig config;
    private final List<? extends TaskControl> tasks;                 // immutable
    private final TaskPhases phases;                                   // cycle
    private final Clock clock;
    private final Consumer<Throwable> failJob;
    private final Supplier<String> diagnostics;
    private final TaskReports reports;                                 // any thread offers, the cycle polls
    private final ReentrantLock cycle = new ReentrantLock();            // guards every field marked "cycle"
    private final Map<Long, CheckpointWriter> openWriters = new ConcurrentHashMap<>(); // coordinator writes, writer thread reads
    private final TreeMap<Long, PendingCheckpoint> pending = new TreeMap<>();          // cycle
    private final CheckpointTraceFile traceFiles;                                      // cycle
    private volatile boolean ended; // abortAll ran: nothing polls the request queues any more
    private volatile boolean failing; // the attempt is failing or cancelled: no checkpoint starts or counts any more
    private final ManyToOneConcurrentLinkedQueue<SavepointRequest> savepointRequests = new ManyToOneConcurrentLinkedQueue<>();
    private final ManyToOneConcurrentLinkedQueue<CompletableFuture<CheckpointStats>> checkpointRequests =
        new ManyToOneConcurrentLinkedQueue<>();
    /** Flink's limit of queued checkpoint and savepoint requests: beyond it a request fails at once. */
    static final int MAX_QUEUED_REQUESTS = 1_000;
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private static final long EXPIRY_STACKS_EVERY_MS = 10_000;
    private long lastExpiryStacksMs = Long.MIN_VALUE / 2;
    private long lastTriggerMs;                                        // cycle, as every field below
    private boolean finalCheckpointTriggered;
    // a stop-with-savepoint in progress or done: it is the job's last checkpoint, none is taken after it
    private long stoppingAt = -1;
    private long lastCompletionMs = Long.MIN_VALUE / 2;

    /**
     * {@code tasks.get(t)} commands task {@code t}, fed by the tasks {@code graph.upstreams()[t]};
     * tasks and the snapshot writer report on {@code reports}.
     */
    CheckpointCoordinator(JobCheckpoints job, List<? extends TaskControl> tasks, TaskGraph graph, TaskReports reports,
                          Clock clock, Consumer<Throwable> failJob, Supplier<String> diagnostics) {
        if (graph.chainOf().length != tasks.size()) {
            throw new IllegalArgumentException(tasks.size() + " tasks but a graph of " + graph.chainOf().length);
        }
        this.diagnostics = diagnostics;
        this.job = job;
        this.config = job.config();
        this.tasks = List.copyOf(tasks);
        this.phases = new TaskPhases(graph.chainOf(), graph.upstreams());
        this.reports = reports;
        this.clock = clock;
        this.failJob = failJob;
        this.lastTriggerMs = clock.currentTimeMillis();
        this.traceFiles = new CheckpointTraceFile(job.storage().options().numRetained());
    }

    /** Which chain each task belongs to and which tasks feed it, by task index. */
    public record TaskGraph(int[] chainOf, int[][] upstreams) {
    }

    /** Where the coordinator believes task {@code task} is; any thread. */
    /** Whether every task reported that it started (tests wait for it); any thread. */
    boolean allStarted() {
        cycle.lock();
        try {
            return phases.allStarted();
        } finally {
            cycle.unlock();
        }
    }

    TaskPhases.Phase phase(int task) {
        cycle.lock();
        try {
            return phases.phase(task);
        } finally {
            cycle.unlock();
        }
    }

    /** A savepoint asked for by the user; {@code stop} ends the sources after it. */
    private record SavepointRequest(Path dir, boolean stop, CompletableFuture<Path> result) {
    }

    /** Takes a savepoint into {@code dir} (or under state.savepoints.dir when null); any thread. */
    public CompletableFuture<Path> triggerSavepoint(Path dir, boolean stop) {
        CompletableFuture<Path> result = new CompletableFuture<>();
        if (!admitRequest(result, "savepoint")) {
            return result;
        }
        savepointRequests.offer(new SavepointRequest(dir, stop, result));
        reports.wakeConsumer();
        failRequestsIfEnded();
        return result;
    }

    /**
     * A checkpoint now, outside the interval and the min pause (Flink's manual checkpoint): a
     * regular checkpoint in every other way (max concurrent, retention, notifications, failure
     * counting). Completes with its statistics once it completed, exceptionally when it failed,
     * expired, was subsumed or the attempt ended first; any thread.
     */
    public CompletableFuture<CheckpointStats> triggerCheckpoint() {
        CompletableFuture<CheckpointStats> result = new CompletableFuture<>();
        if (!admitRequest(result, "checkpoint")) {
            return result;
        }
        checkpointRequests.offer(result);
        reports.wakeConsumer();
        failRequestsIfEnded();
        return result;
    }

    /** False, with {@code result} failed, when {@link #MAX_QUEUED_REQUESTS} requests wait already. */
    private boolean admitRequest(CompletableFuture<?> result, String what) {
        if (queuedRequests.incrementAndGet() <= MAX_QUEUED_REQUESTS) {
            return true;
        }
        queuedRequests.decrementAndGet();
        result.completeExceptionally(new IllegalStateException("too many checkpoint and savepoint requests are waiting ("
            + MAX_QUEUED_REQUESTS + ", as Flink's limit): this " + what + " was not queued. Wait for the requests made"
            + " before to complete (their futures) before asking for more"));
        return false;
    }

    /** The attempt fails or is cancelled: nothing more is triggered, and what expires from now on is not counted; any thread. */
    public void attemptFailing() {
        failing = true;
    }

    /**
     * A request offered while the attempt ends may have missed {@link #abortAll()}'s last look at the
     * queues, and nothing polls them after it: it is failed here instead of never completing.
     */
    private void failRequestsIfEnded() {
        if (ended) {
            cycle.lock(); // the queues take one consumer at a time
            try {
                failQueuedRequests();
            } finally {
                cycle.unlock();
            }
        }
    }

    /**
     * How long, from {@code nowMs}, no decision can fall due by time alone: until the next periodic
     * trigger (interval and min pause, once a slot is free) or the oldest pending checkpoint's expiry. Anything else
     * that calls for a decision arrives as a report or a request, which wakes the coordinator.
     * Allocates nothing: the coordinator's thread parks this long between duty cycles.
     */
    public long millisUntilDue(long nowMs) {
        cycle.lock();
        try {
            return millisUntilDueInCycle(nowMs);
        } finally {
            cycle.unlock();
        }
    }

    private long millisUntilDueInCycle(long nowMs) {
        long due = Long.MAX_VALUE;
        // only a trigger that can happen is due: one that cannot (tasks still opening or restoring,
        // or stopping) had the coordinator's thread spin until it could, taking a core from those tasks
        if (mayTriggerPeriodically()) {
            due = Math.max(lastTriggerMs + config.getCheckpointInterval(),
                lastCompletionMs + config.getMinPauseBetweenCheckpoints());
        }
        if (!pending.isEmpty()) {
            due = Math.min(due, pending.get(pending.firstKey()).triggerTimeMs + config.getCheckpointTimeout());
        }
        return Math.max(0, due - nowMs);
    }

    /** The writer of an open checkpoint, or null once it completed or was aborted; any thread. */
    public CheckpointWriter writerFor(long checkpointId) {
        return openWriters.get(checkpointId);
    }

    /** One duty cycle, waiting for one running on another thread to end first; returns the work done. */
    public int doWork() {
        cycle.lock();
        try {
            return cycleOnce();
        } finally {
            cycle.unlock();
        }
    }

    /**
     * One duty cycle here unless another thread is running one; returns the work done, or -1 when
     * another was running (that one, or the coordinator's thread once woken, sees what was
     * offered). For the thread that just acknowledged: it is on a core already, where the
     * coordinator's thread, woken, waited 0.26–0.69 ms for one (W3's trace, p50 of five runs).
     */
    public int tryDoWork() {
        if (!cycle.tryLock()) {
            return -1;
        }
        try {
            return cycleOnce();
        } finally {
            cycle.unlock();
        }
    }

    private int cycleOnce() {
        int work = 0;
        TaskReport report;
        while ((report = reports.poll()) != null) {
            onReport(report);
            work++;
        }
        long nowMs = clock.currentTimeMillis();
        work += expire(nowMs);
        work += traceFiles.writeDue(System.nanoTime());
        if (phases.unionStatePartlyFinished()) {
            return work; // as the seed says: no checkpoint while only some subtasks keeping union state finished
        }
        if (failing || !phases.allStarted()) {
            return work; // requests wait for every task to run; a failing attempt's abortAll fails them
        }
        if (!savepointRequests.isEmpty() && pending.size() < config.getMaxConcurrentCheckpoints()) {
            SavepointRequest request = savepointRequests.poll(); // it waited for a free slot like any checkpoint
            queuedRequests.decrementAndGet();
            if (stoppingAt >= 0 || phases.allFinished()) {
                // a second stop would make a second "final" savepoint of a job already ending
                request.result().completeExceptionally(new IllegalStateException("job '" + job.storageJobId() + "' is"
                    + " stopping with savepoint " + stoppingAt + " or every task finished: no savepoint is taken any more"));
            } else {
                trigger(nowMs, request, null);
            }
            work++;
        } else if (!checkpointRequests.isEmpty() && pending.size() < config.getMaxConcurrentCheckpoints()) {
            CompletableFuture<CheckpointStats> request = checkpointRequests.poll();
            queuedRequests.decrementAndGet();
            if (stoppingAt >= 0 || phases.allFinished()) {
                request.completeExceptionally(new IllegalStateException("job '" + job.storageJobId()
                    + "' is stopping or every task finished: no checkpoint is taken any more"));
            } else {
                trigger(nowMs, null, request);
            }
            work++;
        } else if (shouldTriggerFinal(nowMs)) {
            finalCheckpointTriggered = true;
            trigger(nowMs, null, null);
            work++;
        } else if (shouldTrigger(nowMs)) {
            trigger(nowMs, null, null);
            work++;
        }
        return work;
    }

    /** All input ended everywhere: the final checkpoint goes at once, not at the next interval. */
    private boolean shouldTriggerFinal(long nowMs) {
        // with checkpoints-after-tasks-finish off no task waits for it: there is no final checkpoint
        return config.isCheckpointingEnabled() && config.isCheckpointsAfterTasksFinish() && !finalCheckpointTriggered
            && stoppingAt < 0 && phases.allInputEnded() && !phases.allFinished()
            && pending.size() < config.getMaxConcurrentCheckpoints(); // no min pause: "without waiting", as in Flink
    }

    private boolean shouldTrigger(long nowMs) {
        return mayTriggerPeriodically() && nowMs >= lastTriggerMs + config.getCheckpointInterval()
            && nowMs >= lastCompletionMs + config.getMinPauseBetweenCheckpoints();
    }

    /** Whether a periodic checkpoint may start once its time comes: what {@link #cycleOnce} requires for one. */
    private boolean mayTriggerPeriodically() {
        return config.isCheckpointingEnabled() && !failing && phases.allStarted() && !phases.unionStatePartlyFinished()
            && stoppingAt < 0 && pending.size() < config.getMaxConcurrentCheckpoints() && !phases.allFinished()
            && (config.isCheckpointsAfterTasksFinish() || !phases.anyFinished());
    }

    /** {@code requested}: completed with the statistics of a checkpoint a caller asked for, else null. */
    private void trigger(long nowMs, SavepointRequest savepoint, CompletableFuture<CheckpointStats> requested) {
        long id = job.nextId();
        if (savepoint == null) {
            lastTriggerMs = nowMs;
        }
        CheckpointWriter writer;
        try {
            writer = savepoint == null ? job.beginCheckpoint(id) : job.beginSavepoint(id, savepoint.dir());
        } catch (RuntimeException e) {
            record(new PendingCheckpoint(id, nowMs, System.nanoTime(), null, null, false), CheckpointStatus.FAILED, e);
            if (requested != null) {
                requested.completeExceptionally(e);
            }
            if (savepoint == null) {
                countFailure(id, e);
            } else {
                savepoint.result().completeExceptionally(e);
            }
            return;
        }
        for (int task = 0; task < phases.size(); task++) {
            if (phases.isFinished(task)) {
                carryEndPositions(writer, task);
            }
        }
        if (savepoint != null && savepoint.stop()) {
            stoppingAt = id;
        }
        PendingCheckpoint checkpoint = new PendingCheckpoint(id, nowMs, System.nanoTime(), writer,
            savepoint == null ? null : savepoint.result(), savepoint != null && savepoint.stop());
        checkpoint.requested = requested;
        job.started(id, nowMs);
        openWriters.put(id, writer);
        pending.put(id, checkpoint);
        for (int task = 0; task < phases.size(); task++) {
            if (!phases.isFinished(task)) {
                checkpoint.awaiting.add(task);
            }
        }
        for (int task = 0; task < phases.size(); task++) {
            if (phases.triggersDirectly(task)) {
                phases.triggered(task);
                tasks.get(task).triggerCheckpoint(id, checkpoint.stopsSources());
            }
        }
    }

    /**
     * A finished task takes no part, but a source's end position must survive (else a restore
     * re-reads it all), and so must its end: a restore must not redo its end-of-input work.
     */
    private void carryEndPositions(CheckpointWriter writer, int task) {
        for (OperatorSnapshot ended : phases.endPositions(task)) {
            if (ended.sourcePosition() != null) {
                writer.sourcePosition(ended.uid(), ended.subtask(), ended.sourcePosition());
            }
            if (ended.finished()) {
                writer.finished(ended.uid(), ended.subtask());
            }
        }
    }

    private void onReport(TaskReport report) {
        if (report instanceof TaskAcknowledgement ack) {
            onAcknowledgement(ack);
        } else if (report instanceof TaskReport.Started started) {
            phases.started(started.taskIndex(), started.usesUnionListState());
        } else if (report instanceof TaskReport.InputEnded ended) {
            phases.inputEnded(ended.taskIndex());
        } else if (report instanceof TaskReport.Finished finished) {
            onFinished(finished);
        }
    }

    /**
     * A finished task acknowledges no checkpoint after the last it submitted: it is no longer
     * awaited there, its end positions go in instead, and a task it fed that now has no live
     * upstream gets the trigger no barrier will bring.
     */
    private void onFinished(TaskReport.Finished finished) {
        int task = finished.taskIndex();
        phases.finished(task, finished.lastSubmittedCheckpointId(), finished.endPositions());
        if (phases.usesUnionListState(task) && phases.unionStatePartlyFinished()) {
            // the checkpoints it did not take would lack its union list state, which every subtask gets back on restore
            for (PendingCheckpoint checkpoint : new ArrayList<>(pending.tailMap(finished.lastSubmittedCheckpointId(), false).values())) {
                fail(checkpoint, CheckpointStatus.FAILED, new CheckpointException("subtask " + task + " keeps union list "
                    + "state and finished before taking checkpoint " + checkpoint.id + " while other subtasks of its "
                    + "operator still read input: the checkpoint would lack its part", null), false);
            }
        }
        for (PendingCheckpoint checkpoint : new ArrayList<>(pending.values())) {
            if (checkpoint.id > finished.lastSubmittedCheckpointId() && checkpoint.awaiting.remove(task)) {
                carryEndPositions(checkpoint.writer, task);
                for (int downstream : phases.downstreams(task)) {
                    if (checkpoint.awaiting.contains(downstream) && phases.triggersDirectly(downstream)) {
                        phases.triggered(downstream);
                        tasks.get(downstream).triggerCheckpoint(checkpoint.id, checkpoint.stopsSources());
                    }
                }
            }
            maybeComplete(checkpoint);
        }
    }

    private void onAcknowledgement(TaskAcknowledgement ack) {
        PendingCheckpoint checkpoint = pending.get(ack.checkpointId());
        if (checkpoint == null) {
            return; // already expired, failed or subsumed
        }
        if (ack.failure() != null) {
            fail(checkpoint, CheckpointStatus.FAILED, ack.failure());
            return;
        }
        checkpoint.acknowledged.add(ack);
        checkpoint.awaiting.remove(ack.taskIndex());
        maybeComplete(checkpoint);
    }

    /** Retention's failure costs only disk space until the next commit retries it: the checkpoint stays complete. */
    private void applyRetention(PendingCheckpoint checkpoint) {
        try {
            checkpoint.writer.applyRetention();
        } catch (RuntimeException e) {
            LOG.warn("checkpoint {} completed, but retention after it failed (retried at the next commit): {}",
                checkpoint.id, e.toString());
        }
    }

    private void maybeComplete(PendingCheckpoint checkpoint) {
        if (!checkpoint.awaiting.isEmpty() || !pending.containsKey(checkpoint.id)) {
            return;
        }
        checkpoint.lastAckSeenNanos = System.nanoTime();
        CompletedCheckpoint completed;
        try {
            completed = checkpoint.writer.commit(job.operators());
            if (checkpoint.id == stoppingAt) { // before any sink commits it: a later restore of "latest" must take it
                job.recordFinalSavepoint(checkpoint.id, completed.directory());
            }
        } catch (RuntimeException e) {
            fail(checkpoint, CheckpointStatus.FAILED, e);
            return;
        }
        checkpoint.metadataWrittenNanos = System.nanoTime();
        CpuSlices.between();
        pending.remove(checkpoint.id);
        openWriters.remove(checkpoint.id);
        job.completed(completed, checkpoint.savepoint != null && checkpoint.id != stoppingAt);
        // A savepoint counts as a completed checkpoint for the min pause and the failures in a row, as in Flink.
        lastCompletionMs = clock.currentTimeMillis();
        job.checkpointSucceeded();
        if (checkpoint.savepoint != null) {
            checkpoint.savepoint.complete(completed.directory());
        }
        checkpoint.completedNanos = System.nanoTime();
        // As in Flink since 1.15: failover never restores an intermediate savepoint, so nothing may commit
        // up to it, and the periodic checkpoints pending beside it go on.
        boolean commits = checkpoint.savepoint == null || checkpoint.id == stoppingAt;
        if (commits) {
            for (TaskControl task : tasks) {
                task.notifyCheckpointComplete(checkpoint.id);
                if (checkpoint.id == stoppingAt) {
                    task.notifyFinalSavepointComplete();
                }
            }
            checkpoint.notifiedNanos = System.nanoTime();
        }
        CpuSlices.between();
        // Bookkeeping no task waits for comes after the notifications: retention before the statistics,
        // so that a checkpoint listed as completed has retired the ones it subsumes.
        applyRetention(checkpoint);
        CpuSlices.between();
        CheckpointStats stats = record(checkpoint, CheckpointStatus.COMPLETED, null, false);
        traceAndLog(checkpoint, stats, false, completed.directory());
        if (commits) {
            for (PendingCheckpoint older : new ArrayList<>(pending.headMap(checkpoint.id).values())) {
                if (older.savepoint == null) {
                    abort(older, CheckpointStatus.SUBSUMED, null);
                }
            }
        }
        if (checkpoint.requested != null) {
            checkpoint.requested.complete(stats);
        }
    }

    private int expire(long nowMs) {
        List<String> expired = null; // allocated only when one expires: an idle cycle allocates nothing
        // oldest first: checkpoints are triggered in id order, so the first one not expired ends the search
        while (!pending.isEmpty()) {
            PendingCheckpoint checkpoint = pending.get(pending.firstKey());
            if (nowMs - checkpoint.triggerTimeMs < config.getCheckpointTimeout()) {
                break;
            }
            if (expired == null) {
                expired = new ArrayList<>();
            }
            expired.add(checkpoint.id + " (still awaited from tasks " + checkpoint.awaiting + ")");
            // failed before it is logged: the tasks' stacks take milliseconds, and the abort should not wait for them
            fail(checkpoint, CheckpointStatus.EXPIRED, new IllegalStateException("checkpoint " + checkpoint.id
                + " expired before completing (" + CheckpointConfig.TIMEOUT + " " + config.getCheckpointTimeout() + " ms)"));
        }
        if (expired == null) {
            return 0;
        }
        logExpiry(expired, nowMs);
        return expired.size();
    }

    /** Says why checkpoints did not complete, with every task's stack at most every 10 s; reading the tasks must never stop the coordinator. */
    private void logExpiry(List<String> expired, long nowMs) {
        if (nowMs - lastExpiryStacksMs < EXPIRY_STACKS_EVERY_MS) {
            LOG.warn("job '{}': checkpoint(s) expired: {}; task phases {} (what every task is doing is logged at most every"
                + " {} s)", job.storageJobId(), expired, phases, EXPIRY_STACKS_EVERY_MS / 1_000);
            return;
        }
        lastExpiryStacksMs = nowMs;
        String dump;
        try {
            dump = diagnostics.get();
        } catch (RuntimeException e) {
            dump = "(diagnostics unavailable: " + e + ")";
        }
        LOG.warn("job '{}': checkpoint(s) expired: {}; task phases {}; what every task is doing:\n{}",
            job.storageJobId(), expired, phases, dump);
    }

    private void fail(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        fail(checkpoint, status, cause, true);
    }

    /** {@code counted}: whether it counts toward the tolerable failures (a checkpoint the job's shape ruled out does not). */
    private void fail(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause, boolean counted) {
        abort(checkpoint, status, cause);
        if (checkpoint.id == stoppingAt) {
            stoppingAt = -1; // the sources that paused for it resume on its abort: the job goes on
        }
        if (checkpoint.savepoint != null) {
            checkpoint.savepoint.completeExceptionally(cause);
        } else if (counted) {
            countFailure(checkpoint.id, cause);
        }
    }

    private void countFailure(long id, Throwable cause) {
        if (failing) {
            return; // the attempt fails for another cause: what it leaves pending expires through no fault of its own
        }
        int consecutiveFailures = job.checkpointFailed();
        if (consecutiveFailures > config.getTolerableCheckpointFailureNumber()) {
            job.clearFailureCount();
            attemptFailing();
            failJob.accept(new CheckpointException(consecutiveFailures + " checkpoint(s) failed in a row, more than "
                + CheckpointConfig.TOLERABLE_FAILURES + " = " + config.getTolerableCheckpointFailureNumber()
                + " allows; last: checkpoint " + id + ": " + cause + ". Raise the tolerance or fix the cause", cause));
        }
    }

    private void abort(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        pending.remove(checkpoint.id);
        openWriters.remove(checkpoint.id);
        if (finalCheckpointTriggered && checkpoint.savepoint == null
            && pending.values().stream().allMatch(other -> other.savepoint != null)) {
            // the final checkpoint failed (a tolerated expiry, a decline): the next goes at once, not at the interval
            finalCheckpointTriggered = false;
        }
        try {
            checkpoint.writer.abort();
        } catch (RuntimeException e) {
            LOG.warn("job '{}': could not remove aborted checkpoint {}: {}", job.storageJobId(), checkpoint.id, e.toString());
        }
        record(checkpoint, status, cause);
        for (TaskControl task : tasks) {
            task.abortCheckpoint(checkpoint.id);
        }
        if (checkpoint.requested != null) {
            checkpoint.requested.completeExceptionally(cause != null ? cause
                : new CheckpointException("checkpoint " + checkpoint.id + " was " + status.name().toLowerCase()
                + (status == CheckpointStatus.SUBSUMED ? ": a newer one completed first" : ""), null));
        }
    }

    private void record(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        record(checkpoint, status, cause, false);
    }

    /**
     * {@code attemptEnded}: given up because the attempt ended, which is no fault of the checkpoint's: INFO.
     * A completed checkpoint is logged by the caller once its tasks were notified, with its whole trace.
     */
    private CheckpointStats record(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause, boolean attemptEnded) {
        CheckpointStats stats = statsOf(checkpoint, status, cause);
        job.record(stats);
        if (status != CheckpointStatus.COMPLETED) {
            traceAndLog(checkpoint, stats, attemptEnded, null);
        }
        return stats;
    }

    /** Keeps the checkpoint's trace, writes it beside a completed checkpoint's files, and logs one line. */
    private void traceAndLog(PendingCheckpoint checkpoint, CheckpointStats stats, boolean attemptEnded, Path directory) {
        CheckpointTrace trace = checkpoint.trace(stats.status());
        if (directory != null) {
            traceFiles.completed(directory, trace, System.nanoTime());
        }
        job.recordTrace(trace);
        // one line per checkpoint, as Flink's "Completed checkpoint N for job ..."; failures at WARN
        CheckpointStatus status = stats.status();
        if (status != CheckpointStatus.COMPLETED && status != CheckpointStatus.SUBSUMED && !attemptEnded) {
            LOG.warn("job '{}': {}; {}", job.storageJobId(), stats.describe(), trace.summary());
        } else if (LOG.isInfoEnabled()) {
            LOG.info("job '{}': {}; {}", job.storageJobId(), stats.describe(), trace.summary());
        }
    }

    private CheckpointStats statsOf(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        // Flink's end-to-end duration ends at the last acknowledgement; completion adds the metadata
        long endNanos = checkpoint.completedNanos != PhaseTimes.NOT_REACHED ? checkpoint.completedNanos : System.nanoTime();
        long completionMicros = Math.max(0, (endNanos - checkpoint.triggerNanos) / 1_000);
        long afterLastAckNanos = status == CheckpointStatus.COMPLETED && checkpoint.lastAckSeenNanos != PhaseTimes.NOT_REACHED
            ? endNanos - checkpoint.lastAckSeenNanos : 0;
        long endToEndMicros = afterLastAckNanos > 0
            ? Math.max(0, (checkpoint.lastAckSeenNanos - checkpoint.triggerNanos) / 1_000) : completionMicros;
        // in the job's clock, as the trigger time and timeouts are
        long endToEndMs = Math.max(0, clock.currentTimeMillis() - checkpoint.triggerTimeMs - afterLastAckNanos / 1_000_000);
        return new CheckpointStats(checkpoint.id, checkpoint.triggerTimeMs, status, endToEndMs,
            checkpoint.max(TaskAcknowledgement::syncNanos) / 1_000_000, checkpoint.max(TaskAcknowledgement::asyncNanos) / 1_000_000,
            checkpoint.max(TaskAcknowledgement::alignmentNanos) / 1_000_000,
            checkpoint.max(ack -> ack.firstBarrierNanos() - checkpoint.triggerNanos) / 1_000_000,
            checkpoint.sum(TaskAcknowledgement::stateBytes), checkpoint.sum(TaskAcknowledgement::inFlightBytes),
            checkpoint.acknowledged.stream().anyMatch(TaskAcknowledgement::unaligned), cause == null ? null : cause.toString(),
            checkpoint.max(TaskAcknowledgement::syncNanos) / 1_000,
            checkpoint.max(ack -> ack.firstBarrierNanos() - checkpoint.triggerNanos) / 1_000,
            endToEndMicros, completionMicros);
    }


    /**
     * Gives up every open checkpoint when the attempt ends (failover, cancel, the job's end): each
     * is recorded as FAILED, and every savepoint asked for and not completed fails its caller.
     */
    public void abortAll() {
        ended = true; // before the queues' last drain: a request offered after it sees this (failRequestsIfEnded)
        cycle.lock();
        try {
            abortAllInCycle();
        } finally {
            cycle.unlock();
        }
    }

    private void abortAllInCycle() {
        traceFiles.writeAll();
        for (PendingCheckpoint checkpoint : new ArrayList<>(pending.values())) {
            pending.remove(checkpoint.id);
            openWriters.remove(checkpoint.id);
            try {
                checkpoint.writer.abort();
            } catch (RuntimeException ignored) {
                // the job is ending; a leftover directory has no _metadata and so is no checkpoint
            }
            IllegalStateException cause = new IllegalStateException("the execution attempt ended (failover, cancel or "
                + "the job's end) before " + (checkpoint.savepoint != null ? "savepoint " : "checkpoint ") + checkpoint.id
                + " completed");
            record(checkpoint, CheckpointStatus.FAILED, cause, true);
            if (checkpoint.savepoint != null) {
                checkpoint.savepoint.completeExceptionally(cause);
            }
            if (checkpoint.requested != null) {
                checkpoint.requested.completeExceptionally(cause);
            }
        }
        failQueuedRequests();
    }

    private void failQueuedRequests() {
        CompletableFuture<CheckpointStats> checkpointRequest;
        while ((checkpointRequest = checkpointRequests.poll()) != null) {
            queuedRequests.decrementAndGet();
            checkpointRequest.completeExceptionally(new IllegalStateException("the execution attempt ended (failover,"
                + " cancel or the job's end) before the checkpoint could be triggered; retry once the job runs again, if it does"));
        }
        SavepointRequest request;
        while ((request = savepointRequests.poll()) != null) {
            queuedRequests.decrementAndGet();
            request.result().completeExceptionally(new IllegalStateException("the execution attempt ended (failover,"
                + " cancel or the job's end) before the savepoint could be triggered; retry once the job runs again, if it does"));
        }
    }

    /**
     * What the coordinator may tell a task: each call posts to the task's mailbox and returns at
     * once; the task acts on it on its own thread. The coordinator knows tasks only through this.
     */
    public interface TaskControl {
        /** Start checkpoint {@code checkpointId} here (a source, or a task whose upstreams all finished); {@code stopSource} ends a source after it. */
        void triggerCheckpoint(long checkpointId, boolean stopSource);

        /** Checkpoint {@code checkpointId} completed: operators may commit up to it. */
        void notifyCheckpointComplete(long checkpointId);

        /** The stop-with-savepoint completed: it was the job's last checkpoint. */
        void notifyFinalSavepointComplete();

        /** The coordinator gave up on {@code checkpointId}. */
        void abortCheckpoint(long checkpointId);
    }

    /**
     * The coordinator's inbound queue: tasks and the snapshot writer offer from their threads, the
     * coordinator polls. An offer wakes the coordinator's thread, so it can park between decisions
     * instead of polling.
     */
    public static final class TaskReports {
        private final ManyToOneConcurrentLinkedQueue<TaskReport> queue = new ManyToOneConcurrentLinkedQueue<>();
        private static final long AWAKE = Long.MIN_VALUE;
        private volatile Thread consumer; // set once by the coordinator's thread as it starts
        private volatile long consumerWakesAtMs = AWAKE; // when the parked coordinator's thread wakes by itself

        /** Any thread; never blocks (unbounded: a few reports per task and checkpoint). */
        public void offer(TaskReport report) {
            queue.offer(report);
            wakeConsumer();
        }

        /** As {@link #offer} without waking the coordinator's thread: the caller runs a cycle, then wakes it. */
        public void offerQuietly(TaskReport report) {
            queue.offer(report);
        }

        /** The coordinator's thread starts: offers from now on wake it. */
        public void consumedBy(Thread coordinatorThread) {
            consumer = coordinatorThread;
        }

        /** Any thread: the coordinator looks at its state again at once (a request, a stop). */
        public void wakeConsumer() {
            Thread thread = consumer;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }

        /**
         * The coordinator's thread, between cycles: parks until {@code nowMs + parkMs}, or until
         * woken; others may see how long ({@link #wakeConsumerBefore}).
         */
        public void parkConsumer(long nowMs, long parkMs) {
            parkConsumer(nowMs, parkMs, parkMs * 1_000_000);
        }

        /** As {@link #parkConsumer(long, long)}, parking {@code parkNanos}: to the start of millisecond {@code nowMs + parkMs}. */
        public void parkConsumer(long nowMs, long parkMs, long parkNanos) {
            consumerWakesAtMs = nowMs + parkMs;
            LockSupport.parkNanos(parkNanos);
            consumerWakesAtMs = AWAKE;
        }

        /**
         * Any thread that ran a cycle itself: wakes the coordinator's thread only if it would sleep
         * past {@code dueMs}, the next decision's time, or is awake and may be about to park on a
         * plan made before that cycle (the wake then only makes that park return at once).
         */
        public void wakeConsumerBefore(long dueMs) {
            long wakesAt = consumerWakesAtMs;
            if (wakesAt == AWAKE || dueMs < wakesAt) {
                wakeConsumer();
            }
        }

        /** The oldest report, or null; one consumer (the coordinator's thread, or a test standing in for it). */
        public TaskReport poll() {
            return queue.poll();
        }
    }
}
