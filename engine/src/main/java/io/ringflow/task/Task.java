package io.ringflow.task;

import io.ringflow.api.Clock;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskControl;
import io.ringflow.checkpoint.TaskReport;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.operator.StreamOperator;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;

/**
 * One subtask of a chain on its own thread. Each loop iteration runs the mailbox, fires due
 * processing-time work, then processes a batch of input no larger than the free room in its
 * output rings, so a record never starts while a ring it may write to is full and the task keeps
 * serving its mailbox under backpressure. Idles with its idle strategy when there was no work.
 * The coordinator commands it through {@link TaskControl} (posted to its mailbox); it reports
 * back on the coordinator's {@link TaskReports}. Built complete: its wiring never changes.
 */
public final class Task implements Runnable, TaskControl {
    private static final int MAX_BATCH = 256;

    private final String name;
    private final int taskIndex;
    private final List<StreamOperator<?>> operators;
    private final List<NetworkOutput<?>> outputs;
    private final TaskInput input;
    private final TaskInput inFlightReplay;   // restored in-flight records, processed before any new input; null for none
    private long openedAtNanos;
    private boolean replayReported;
    private final Mailbox mailbox;
    private final TaskTimers timers;
    private final TaskSnapshots snapshots;
    private final BarrierHandler barriers;    // null for a source task, which gets triggers instead of barriers
    private final IdleStrategy idleStrategy;
    private final Backpressure backpressure;
    private final CancelFlag cancelled;
    private final Clock clock;
    private final TaskReports reports;
    private final boolean waitForFinalCheckpoint;
    private final TaskListener listener;
    private volatile Lifecycle lifecycle = Lifecycle.RUNNING; // task thread writes; diagnostics and tests read
    // checkpoints given up whose abort the task has not run yet: a trigger queued before it is skipped
    private final java.util.Set<Long> abortsQueued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // task thread only, from here on
    private boolean endOfInput;
    private boolean finalCheckpointDone;
    private int firstOpened = Integer.MAX_VALUE; // operators open tail first: those from here on were opened

    /** Where the task is in its life, as diagnostics and tests see it (the coordinator learns it from reports). */
    public enum Lifecycle { RUNNING, INPUT_ENDED, FINISHED, FAILED }

    /** Told when a task's thread ends. */
    public interface TaskListener {
        void taskExited(Task task, Throwable failure);

        /** The task's operators opened (restoring their state, if any) in {@code nanos}. */
        default void operatorsOpened(Task task, long nanos) {
        }

        /** The task replayed its restored in-flight records (or had none) in {@code nanos} after opening. */
        default void inFlightReplayed(Task task, long nanos) {
        }
    }

    /** Everything a task is made of, built before it by the runtime. */
    public record Parts(String name, int taskIndex, List<StreamOperator<?>> operators, List<NetworkOutput<?>> outputs,
                        TaskInput input, TaskInput inFlightReplay, Mailbox mailbox, TaskTimers timers,
                        TaskSnapshots snapshots, BarrierHandler barriers, IdleStrategy idleStrategy,
                        Backpressure backpressure, CancelFlag cancelled) {
    }

    /**
     * With {@code waitForFinalCheckpoint} a task whose input ended stays until a checkpoint taken
     * after its end completed (Flink's final checkpoint), so its last records are committed.
     */
    public Task(Parts parts, Clock clock, TaskReports reports, boolean waitForFinalCheckpoint, TaskListener listener) {
        this.name = parts.name();
        this.taskIndex = parts.taskIndex();
        this.operators = List.copyOf(parts.operators());
        this.outputs = List.copyOf(parts.outputs());
        this.input = parts.input();
        this.inFlightReplay = parts.inFlightReplay();
        this.mailbox = parts.mailbox();
        this.timers = parts.timers();
        this.snapshots = parts.snapshots();
        this.barriers = parts.barriers();
        this.idleStrategy = parts.idleStrategy();
        this.backpressure = parts.backpressure();
        this.cancelled = parts.cancelled();
        this.clock = clock;
        this.reports = reports;
        this.waitForFinalCheckpoint = waitForFinalCheckpoint;
        this.listener = listener;
    }

    /** A task's backpressure, which gives up waiting once {@code cancelled} is raised. */
    public static Backpressure backpressure(String taskName, IdleStrategy idleStrategy, CancelFlag cancelled) {
        return new Backpressure(taskName, idleStrategy, cancelled);
    }

    /** The input rings of this task (empty for a source task). */
    public io.ringflow.channel.Channel[] inputChannels() {
        return input instanceof InputGate gate ? gate.channels() : new io.ringflow.channel.Channel[0];
    }

    /** Late records its chained operators dropped (Flink's {@code numLateRecordsDropped}); any thread. */
    public long numLateRecordsDropped() {
        long sum = 0;
        for (StreamOperator<?> operator : operators) {
            sum += operator.numLateRecordsDropped();
        }
        return sum;
    }

    public int taskIndex() {
        return taskIndex;
    }

    public boolean isSource() {
        return input instanceof SourceInput;
    }

    /** For diagnostics and tests; any thread. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The newest checkpoint handed to the snapshot writer; for diagnostics and tests, any thread. */
    public long lastSubmittedCheckpointId() {
        return snapshots.lastSubmitted();
    }

    @Override
    public void triggerCheckpoint(long checkpointId, boolean stopSource) {
        mailbox.post(() -> {
            long seenNanos = System.nanoTime();
            if (abortsQueued.contains(checkpointId)) {
                // read after it was given up (the task was stuck in user code): a snapshot now would
                // be thrown away, and a stop-with-savepoint that failed must not stop the source
                return;
            }
            if (!endOfInput && barriers != null) {
                // Triggered because every upstream task finished: no barrier will come, so it is
                // taken once every ring delivered its end of input, with their records processed.
                barriers.triggerAtEndOfInput(checkpointId);
                return;
            }
            if (barriers != null && !barriers.claim(checkpointId)) {
                // its barrier already took it: after the end of input (then that snapshot was the final one),
                // or before, when the end's last records (a window firing in finish()) were not in it yet
                return;
            }
            snapshots.takeDirectly(checkpointId, seenNanos);
            if (stopSource && input instanceof SourceInput source) {
                source.pauseFor(checkpointId);
            }
        });
    }

    /**
     * A stop-with-savepoint completed: it is the job's final checkpoint, and a source ends now.
     * What this task still processes after it (in-flight records of an unaligned savepoint, which
     * the savepoint holds) is not committed: a restore from the savepoint processes it.
     */
    @Override
    public void notifyFinalSavepointComplete() {
        mailbox.post(() -> {
            finalCheckpointDone = true;
            if (input instanceof SourceInput source) {
                source.stop();
            }
        });
    }

    @Override
    public void abortCheckpoint(long checkpointId) {
        abortsQueued.add(checkpointId);
        mailbox.post(() -> {
            abortsQueued.remove(checkpointId);
            if (barriers != null) {
                barriers.abort(checkpointId);
            } else if (input instanceof SourceInput source) {
                source.resumeAfterAbort(checkpointId);
            }
            for (StreamOperator<?> operator : operators) {
                runUnchecked(() -> operator.notifyCheckpointAborted(checkpointId));
            }
        });
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        mailbox.post(() -> {
            for (StreamOperator<?> operator : operators) {
                runUnchecked(() -> operator.notifyCheckpointComplete(checkpointId));
            }
            if (checkpointId >= snapshots.firstAfterEndOfInput()) {
                finalCheckpointDone = true;
            }
        });
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void runUnchecked(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Exception e) {
            throw io.ringflow.operator.Rethrow.unchecked(e);
        }
    }

    public String name() {
        return name;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** Any thread: the task stops at its next loop iteration or wait. */
    public void cancel() {
        cancelled.raise();
    }

    @Override
    public void run() {
        Throwable failure = null;
        boolean ranToEnd = false;
        mailbox.ownedBy(Thread.currentThread());
        try {
            long openStart = System.nanoTime();
            // Downstream operators open first, so the head never emits into an unopened operator.
            for (int i = operators.size() - 1; i >= 0; i--) {
                firstOpened = i; // one whose open() throws is closed too: it may hold what it opened so far
                operators.get(i).open();
            }
            openedAtNanos = System.nanoTime();
            listener.operatorsOpened(this, openedAtNanos - openStart);
            reports.offer(new TaskReport.Started(taskIndex, operators.stream().anyMatch(StreamOperator::usesUnionListState)));
            runLoop();
            ranToEnd = true;
        } catch (TaskCancelledException cancelled) {
            failure = null;
        } catch (Throwable t) {
            failure = t;
        } finally {
            failure = closeAll(failure);
            mailbox.close();
            // a failed or cancelled task is not finished: a pending checkpoint must not complete without its state
            lifecycle = ranToEnd && failure == null ? Lifecycle.FINISHED : Lifecycle.FAILED;
            if (ranToEnd && failure == null) {
                reports.offer(new TaskReport.Finished(taskIndex, snapshots.lastSubmitted(), snapshots.endSnapshots()));
            }
            listener.taskExited(this, failure);
        }
    }

    /**
     * Each round: the mailbox, the overdrafts, due processing-time work, then a batch of input:
     * restored in-flight records first, then the rings or the source. After the end of input it
     * goes on serving the mailbox and barriers until its overdrafts are drained and, with
     * checkpointing, a checkpoint after the end completed.
     */
    private void runLoop() throws Exception {
        boolean inputEnded = false;
        while (true) {
            if (cancelled.isRaised()) {
                throw new TaskCancelledException(name);
            }
            // no mailbox while restored records are replayed: a source's snapshot taken then would lack those not yet replayed
            int work = (replaying() ? 0 : mailbox.drain()) + drainOverdrafts();
            if (inputEnded) {
                if (overdraftsDrained() && (!waitForFinalCheckpoint || finalCheckpointDone)) {
                    return;
                }
                // a barrier placed after the end of input may arrive only now: unhandled, its checkpoint would never complete
                work += input.process(0);
            } else {
                long nowMs = clock.currentTimeMillis();
                if (timers.isDue(nowMs)) {
                    work += fireProcessingTime(nowMs);
                }
                if (replaying()) {
                    work += inFlightReplay.process(batchLimit());
                } else if (!replayReported) {
                    replayReported = true;
                    listener.inFlightReplayed(this, System.nanoTime() - openedAtNanos);
                } else if (input.isFinished()) {
                    endOfInput();
                    inputEnded = true;
                    work++;
                } else {
                    work += input.process(batchLimit());
                }
            }
            idleStrategy.idle(work);
        }
    }

    private int drainOverdrafts() {
        if (!backpressure.isOverdrawn()) {
            return 0;
        }
        int moved = 0;
        for (int i = 0; i < outputs.size(); i++) {
            moved += outputs.get(i).drainOverdrafts();
        }
        if (overdraftsDrained()) {
            backpressure.drained();
        }
        return moved;
    }

    private boolean overdraftsDrained() {
        for (int i = 0; i < outputs.size(); i++) {
            if (!outputs.get(i).isDrained()) {
                return false;
            }
        }
        return true;
    }

    private boolean replaying() {
        return inFlightReplay != null && !inFlightReplay.isFinished();
    }

    private int batchLimit() {
        if (backpressure.isOverdrawn()) {
            return 0;
        }
        int limit = MAX_BATCH;
        for (int i = 0; i < outputs.size(); i++) {
            limit = Math.min(limit, outputs.get(i).minRemainingCapacity());
        }
        return limit;
    }

    private int fireProcessingTime(long nowMs) throws Exception {
        timers.clear();
        for (int i = 0; i < operators.size(); i++) {
            StreamOperator<?> operator = operators.get(i);
            operator.onProcessingTime(nowMs);
            timers.wakeAt(operator.nextProcessingTimeMs());
        }
        return 1;
    }

    /** Finishes operators head first, so each can still emit to the ones after it, then ends the rings. */
    private void endOfInput() throws Exception {
        for (StreamOperator<?> operator : operators) {
            operator.finish();
        }
        for (NetworkOutput<?> output : outputs) {
            output.endOfInput();
        }
        endOfInput = true;
        snapshots.inputEnded();
        lifecycle = Lifecycle.INPUT_ENDED;
        reports.offer(new TaskReport.InputEnded(taskIndex));
    }

    /** Closes, head first, every operator that opened: one whose open() never ran has nothing to close. */
    private Throwable closeAll(Throwable failure) {
        for (int i = firstOpened; i < operators.size(); i++) {
            StreamOperator<?> operator = operators.get(i);
            try {
                operator.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else if (failure != t) {
                    failure.addSuppressed(t);
                }
            }
        }
        return failure;
    }

    /** Positions, markers and holds of every input, overdrafts of outputs; any thread, best effort. */
    public String describe() {
        StringBuilder out = new StringBuilder("task ").append(name)
            .append(' ').append(lifecycle)
            .append(", last submitted checkpoint ").append(snapshots.lastSubmitted()).append('\n');
        for (io.ringflow.channel.Channel channel : inputChannels()) {
            out.append("  in  ").append(channel.describe()).append('\n');
        }
        if (barriers != null) {
            out.append("  barriers ").append(barriers.describe()).append('\n');
        }
        for (NetworkOutput<?> output : outputs) {
            output.describe(out);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
