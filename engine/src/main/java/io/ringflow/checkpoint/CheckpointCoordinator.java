package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.Clock;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.task.Task;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Triggers checkpoints by interval under Flink's rules (min pause, max concurrent, timeout,
 * tolerable failures), collects acknowledgements, writes the metadata last, then tells every
 * task the checkpoint is complete. A duty-cycle agent on its own thread; all its state is
 * confined to that thread, tasks and the snapshot writer reach it through queues.
 */
public final class CheckpointCoordinator {
    private static final System.Logger LOG = System.getLogger("io.ringflow.checkpoint");

    private final String storageJobId;
    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final List<Task> tasks;
    private final Map<Task, List<Task>> upstreams;
    private final List<OperatorDescriptor> operators;
    private final Clock clock;
    private final Consumer<Throwable> failJob;
    private final ManyToOneConcurrentLinkedQueue<TaskAcknowledgement> acknowledgements = new ManyToOneConcurrentLinkedQueue<>();
    private final Map<Long, CheckpointWriter> openWriters = new ConcurrentHashMap<>();
    private final TreeMap<Long, PendingCheckpoint> pending = new TreeMap<>();
    private final List<CheckpointStats> history = new ArrayList<>();
    /** Trigger times of the pending checkpoints, for readers on other threads. */
    private final Map<Long, Long> inProgress = new ConcurrentHashMap<>();
    private long nextId;
    private long lastTriggerMs;
    private long lastCompletionMs = Long.MIN_VALUE / 2;
    private int consecutiveFailures;

    public CheckpointCoordinator(String storageJobId, CheckpointConfig config, CheckpointStorage storage, List<Task> tasks,
                                 Map<Task, List<Task>> upstreams, List<OperatorDescriptor> operators, Clock clock,
                                 Consumer<Throwable> failJob) {
        this.storageJobId = storageJobId;
        this.config = config;
        this.storage = storage;
        this.tasks = tasks;
        this.upstreams = upstreams;
        this.operators = operators;
        this.clock = clock;
        this.failJob = failJob;
        this.lastTriggerMs = clock.currentTimeMillis();
        // Checkpoints live under the job's name: number after those an earlier run retained.
        List<Long> retained = storage.completedCheckpointIds(storageJobId);
        this.nextId = retained.isEmpty() ? 1 : retained.get(retained.size() - 1) + 1;
    }

    /** From the snapshot writer's thread. */
    public void acknowledge(TaskAcknowledgement acknowledgement) {
        acknowledgements.offer(acknowledgement);
    }

    /** The writer of an open checkpoint, or null once it completed or was aborted; any thread. */
    public CheckpointWriter writerFor(long checkpointId) {
        return openWriters.get(checkpointId);
    }

    /** One duty cycle; returns the work done. */
    public int doWork() {
        int work = 0;
        TaskAcknowledgement ack;
        while ((ack = acknowledgements.poll()) != null) {
            onAcknowledgement(ack);
            work++;
        }
        long nowMs = clock.currentTimeMillis();
        work += expire(nowMs);
        work += completeWithFinishedTasks();
        if (shouldTrigger(nowMs)) {
            trigger(nowMs);
            work++;
        }
        return work;
    }

    private boolean shouldTrigger(long nowMs) {
        if (pending.size() >= config.getMaxConcurrentCheckpoints()
            || nowMs < lastTriggerMs + config.getCheckpointInterval()
            || nowMs < lastCompletionMs + config.getMinPauseBetweenCheckpoints()) {
            return false;
        }
        boolean anyFinished = tasks.stream().anyMatch(Task::isFinished);
        boolean allFinished = tasks.stream().allMatch(Task::isFinished);
        return !allFinished && (config.isCheckpointsAfterTasksFinish() || !anyFinished);
    }

    private void trigger(long nowMs) {
        long id = nextId++;
        lastTriggerMs = nowMs;
        CheckpointWriter writer;
        try {
            writer = storage.beginCheckpoint(storageJobId, id);
        } catch (RuntimeException e) {
            record(new PendingCheckpoint(id, nowMs, System.nanoTime(), null), CheckpointStatus.FAILED, e);
            countFailure(id, e);
            return;
        }
        PendingCheckpoint checkpoint = new PendingCheckpoint(id, nowMs, System.nanoTime(), writer);
        openWriters.put(id, writer);
        pending.put(id, checkpoint);
        inProgress.put(id, nowMs);
        for (Task task : tasks) {
            if (!task.isFinished()) {
                checkpoint.awaiting.add(task.taskIndex());
            }
        }
        for (Task task : tasks) {
            if (!task.isFinished() && upstreams.get(task).stream().allMatch(Task::isFinished)) {
                task.triggerCheckpoint(id);
            }
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

    /**
     * A finished task acknowledges nothing more: it no longer takes part, unless it handed its
     * snapshot of the checkpoint to the writer before finishing, which acknowledges it later.
     */
    private int completeWithFinishedTasks() {
        int work = 0;
        for (PendingCheckpoint checkpoint : new ArrayList<>(pending.values())) {
            for (Task task : tasks) {
                if (task.isFinished() && task.lastSubmittedCheckpointId() < checkpoint.id
                    && checkpoint.awaiting.remove(task.taskIndex())) {
                    work++;
                }
            }
            maybeComplete(checkpoint);
        }
        return work;
    }

    private void maybeComplete(PendingCheckpoint checkpoint) {
        if (!checkpoint.awaiting.isEmpty() || !pending.containsKey(checkpoint.id)) {
            return;
        }
        try {
            checkpoint.writer.complete(operators);
        } catch (RuntimeException e) {
            fail(checkpoint, CheckpointStatus.FAILED, e);
            return;
        }
        pending.remove(checkpoint.id);
        openWriters.remove(checkpoint.id);
        lastCompletionMs = clock.currentTimeMillis();
        consecutiveFailures = 0;
        record(checkpoint, CheckpointStatus.COMPLETED, null);
        for (Task task : tasks) {
            if (!task.isFinished()) {   // a finished task's mailbox is never drained: posts would fill it
                task.notifyCheckpointComplete(checkpoint.id);
            }
        }
        for (PendingCheckpoint older : new ArrayList<>(pending.headMap(checkpoint.id).values())) {
            abort(older, CheckpointStatus.SUBSUMED, null);
        }
    }

    private int expire(long nowMs) {
        int work = 0;
        for (PendingCheckpoint checkpoint : new ArrayList<>(pending.values())) {
            if (nowMs - checkpoint.triggerTimeMs >= config.getCheckpointTimeout()) {
                fail(checkpoint, CheckpointStatus.EXPIRED, new IllegalStateException("checkpoint " + checkpoint.id
                    + " expired before completing (" + CheckpointConfig.TIMEOUT + " " + config.getCheckpointTimeout() + " ms)"));
                work++;
            }
        }
        return work;
    }

    private void fail(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        abort(checkpoint, status, cause);
        countFailure(checkpoint.id, cause);
    }

    private void countFailure(long id, Throwable cause) {
        consecutiveFailures++;
        if (consecutiveFailures > config.getTolerableCheckpointFailureNumber()) {
            failJob.accept(new CheckpointException(consecutiveFailures + " checkpoint(s) failed in a row, more than "
                + CheckpointConfig.TOLERABLE_FAILURES + " = " + config.getTolerableCheckpointFailureNumber()
                + " allows; last: checkpoint " + id + ": " + cause + ". Raise the tolerance or fix the cause", cause));
        }
    }

    private void abort(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        pending.remove(checkpoint.id);
        openWriters.remove(checkpoint.id);
        try {
            checkpoint.writer.abort();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove aborted checkpoint " + checkpoint.id + ": " + e);
        }
        record(checkpoint, status, cause);
        for (Task task : tasks) {
            if (!task.isFinished()) {
                task.abortCheckpoint(checkpoint.id);
            }
        }
    }

    private void record(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        CheckpointStats stats = statsOf(checkpoint, status, cause);
        synchronized (history) {
            history.add(stats);
        }
        inProgress.remove(checkpoint.id);   // after the history has it: a reader never misses it
        LOG.log(status == CheckpointStatus.COMPLETED || status == CheckpointStatus.SUBSUMED
            ? System.Logger.Level.INFO : System.Logger.Level.WARNING, stats.describe());
    }

    private CheckpointStats statsOf(PendingCheckpoint checkpoint, CheckpointStatus status, Throwable cause) {
        long endToEndMs = clock.currentTimeMillis() - checkpoint.triggerTimeMs;
        return new CheckpointStats(checkpoint.id, checkpoint.triggerTimeMs, status, endToEndMs,
            checkpoint.max(TaskAcknowledgement::syncNanos) / 1_000_000, checkpoint.max(TaskAcknowledgement::asyncNanos) / 1_000_000,
            checkpoint.max(TaskAcknowledgement::alignmentNanos) / 1_000_000,
            checkpoint.max(ack -> ack.firstBarrierNanos() - checkpoint.triggerNanos) / 1_000_000,
            checkpoint.sum(TaskAcknowledgement::stateBytes), checkpoint.sum(TaskAcknowledgement::inFlightBytes),
            checkpoint.acknowledged.stream().anyMatch(TaskAcknowledgement::unaligned), cause == null ? null : cause.toString());
    }

    /** Every checkpoint so far, oldest first, with those in progress last; any thread. */
    public List<CheckpointStats> stats() {
        Map<Long, Long> running = new TreeMap<>(inProgress);   // before the history, see record()
        List<CheckpointStats> all;
        synchronized (history) {
            all = new ArrayList<>(history);
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        all.forEach(done -> running.remove(done.id()));
        long nowMs = clock.currentTimeMillis();
        running.forEach((id, triggerMs) -> all.add(new CheckpointStats(id, triggerMs, CheckpointStatus.IN_PROGRESS,
            nowMs - triggerMs, 0, 0, 0, 0, 0, 0, false, null)));
        return all;
    }

    /** Gives up every open checkpoint, e.g. when the job ends. */
    public void abortAll() {
        for (PendingCheckpoint checkpoint : new ArrayList<>(pending.values())) {
            pending.remove(checkpoint.id);
            openWriters.remove(checkpoint.id);
            inProgress.remove(checkpoint.id);
            try {
                checkpoint.writer.abort();
            } catch (RuntimeException ignored) {
                // the job is ending; a leftover directory has no _metadata and so is no checkpoint
            }
        }
    }
}
