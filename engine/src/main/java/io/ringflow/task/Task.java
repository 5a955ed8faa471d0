package io.ringflow.task;

import io.ringflow.api.Clock;
import io.ringflow.checkpoint.BarrierHandler;
import io.ringflow.checkpoint.OperatorSnapshot;
import io.ringflow.checkpoint.SnapshotWriter;
import io.ringflow.checkpoint.TaskSnapshot;
import io.ringflow.operator.ProcessingTimeScheduler;
import io.ringflow.operator.StreamOperator;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * One subtask of a chain on its own thread. Each loop iteration runs the mailbox, fires due
 * processing-time work, then processes a batch of input no larger than the free room in its
 * output rings, so a record never starts while a ring it may write to is full and the task keeps
 * serving its mailbox under backpressure. Idles with its idle strategy when there was no work.
 */
public final class Task implements Runnable, ProcessingTimeScheduler, BarrierHandler.CheckpointTarget {
    private static final int MAX_BATCH = 256;

    private final String name;
    private final List<StreamOperator<?>> operators;
    private final List<NetworkOutput<?>> outputs;
    private final Mailbox mailbox = new Mailbox();
    private final IdleStrategy idleStrategy;
    private final Backpressure backpressure;
    private final Clock clock;
    private final TaskListener listener;
    private TaskInput input;
    private long nextWakeMs = Long.MAX_VALUE;
    private int taskIndex;
    private SnapshotWriter snapshotWriter;
    private BarrierHandler barriers;
    private volatile boolean finished;
    private volatile boolean endOfInput;
    private boolean waitForFinalCheckpoint;
    private long finalCheckpointId = Long.MAX_VALUE;
    private boolean finalCheckpointDone;
    private TaskInput inFlightReplay;
    private volatile long lastSubmittedCheckpointId = -1;
    private volatile boolean exited;
    private volatile boolean usesUnionListState;
    private int chainIndex;
    // the read positions of this source task's latest snapshot: once finished, its final positions
    private volatile List<OperatorSnapshot> sourcePositions = List.of();

    /** Told when a task's thread ends. */
    public interface TaskListener {
        void taskExited(Task task, Throwable failure);
    }

    public Task(String name, List<StreamOperator<?>> operators, List<NetworkOutput<?>> outputs,
                IdleStrategy idleStrategy, Backpressure backpressure, Clock clock, TaskListener listener) {
        this.name = name;
        this.operators = operators;
        this.outputs = outputs;
        this.idleStrategy = idleStrategy;
        this.backpressure = backpressure;
        this.clock = clock;
        this.listener = listener;
    }

    public static Backpressure backpressure(String taskName, IdleStrategy idleStrategy) {
        return new Backpressure(taskName, idleStrategy);
    }

    public void setInput(TaskInput input) {
        this.input = input;
    }

    /** Records persisted by an unaligned checkpoint: processed in bounded steps, like any input, before any new input. */
    public void setInFlightReplay(TaskInput inFlightReplay) {
        this.inFlightReplay = inFlightReplay;
    }

    /** Takes part in checkpoints: barriers of its input rings go to {@code barriers}. */
    public void enableCheckpointing(int taskIndex, SnapshotWriter snapshotWriter, BarrierHandler barriers,
                                    boolean waitForFinalCheckpoint) {
        this.waitForFinalCheckpoint = waitForFinalCheckpoint;
        this.taskIndex = taskIndex;
        this.snapshotWriter = snapshotWriter;
        this.barriers = barriers;
        if (input instanceof InputGate gate) {
            gate.setBarrierHandler(barriers);
        }
    }

    /** The input rings of this task (empty for a source task). */
    public io.ringflow.channel.Channel[] inputChannels() {
        return input instanceof InputGate gate ? gate.channels() : new io.ringflow.channel.Channel[0];
    }

    public boolean isSource() {
        return input instanceof SourceInput;
    }

    /** True once the task ended its input, finished its operators and left its loop normally (not failed or cancelled). */
    public boolean isFinished() {
        return finished;
    }

    public int taskIndex() {
        return taskIndex;
    }

    /** Which chain this task is a subtask of. */
    public int chainIndex() {
        return chainIndex;
    }

    public void setChainIndex(int chainIndex) {
        this.chainIndex = chainIndex;
    }

    /** True when an operator of this task keeps a union list state (known once the task opened). */
    public boolean usesUnionListState() {
        return usesUnionListState;
    }

    /** The newest checkpoint this task handed to the snapshot writer, which will acknowledge it; -1 for none. */
    public long lastSubmittedCheckpointId() {
        return lastSubmittedCheckpointId;
    }

    /** True once all input ended and every operator finished; the task may still wait for its final checkpoint. */
    public boolean isEndOfInput() {
        return endOfInput;
    }

    /**
     * From the coordinator, on a source task (or one whose input ended): start checkpoint
     * {@code id}. With {@code stopSource} a source ends its input right after (stop with savepoint).
     */
    public void triggerCheckpoint(long checkpointId, boolean stopSource) {
        post(() -> {
            if (!endOfInput && barriers != null) {
                // Triggered because every upstream task finished: no barrier will come, so it is
                // taken once every ring delivered its end of input, with their records processed.
                barriers.triggerAtEndOfInput(checkpointId);
                return;
            }
            if (endOfInput && finalCheckpointId == Long.MAX_VALUE) {
                finalCheckpointId = checkpointId;
            }
            if (barriers != null && !barriers.claim(checkpointId)) {
                return; // its barrier, placed after the end of input, already took it
            }
            long startNanos = System.nanoTime();
            List<OperatorSnapshot> state = snapshotAndForward(checkpointId, false);
            submit(new TaskSnapshot(checkpointId, taskIndex, state, List.of(), System.nanoTime() - startNanos, 0,
                startNanos, false, null));
            if (stopSource && input instanceof SourceInput source) {
                source.stop();
            }
        });
    }

    /**
     * A stop-with-savepoint completed: it is the job's final checkpoint. What this task still
     * processes after it (in-flight records of an unaligned savepoint, which the savepoint holds)
     * is not committed: a restore from the savepoint processes it.
     */
    public void notifyFinalSavepointComplete() {
        post(() -> finalCheckpointDone = true);
    }

    public void abortCheckpoint(long checkpointId) {
        post(() -> {
            if (barriers != null) {
                barriers.abort(checkpointId);
            }
            for (StreamOperator<?> operator : operators) {
                runUnchecked(() -> operator.notifyCheckpointAborted(checkpointId));
            }
        });
    }

    public void notifyCheckpointComplete(long checkpointId) {
        post(() -> {
            for (StreamOperator<?> operator : operators) {
                runUnchecked(() -> operator.notifyCheckpointComplete(checkpointId));
            }
            if (checkpointId >= finalCheckpointId) {
                finalCheckpointDone = true;
            }
        });
    }

    /** A task whose thread ended never drains its mailbox again: what is posted then is dropped. */
    private void post(Runnable action) {
        if (!exited) {
            mailbox.post(action);
        }
    }


    @Override
    public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
        List<OperatorSnapshot> snapshots = new ArrayList<>(operators.size());
        for (StreamOperator<?> operator : operators) {
            try {
                OperatorSnapshot snapshot = operator.snapshotState(checkpointId);
                if (snapshot != null) {
                    snapshots.add(snapshot);
                }
            } catch (Exception e) {
                throw new SnapshotFailedException("the synchronous part of checkpoint " + checkpointId + " failed in "
                    + operator.context().describe(), e);
            }
        }
        for (NetworkOutput<?> output : outputs) {
            output.emitBarrier(checkpointId, unaligned);
        }
        if (isSource()) {
            sourcePositions = snapshots.stream().filter(s -> s.sourcePosition() != null).toList();
        }
        return snapshots;
    }

    /**
     * The read positions this source task recorded in its last checkpoint; once it is finished,
     * where it ended, which later checkpoints must carry so that a restore does not re-read it.
     */
    public List<OperatorSnapshot> finalSourcePositions() {
        return sourcePositions;
    }

    @Override
    public void submit(TaskSnapshot snapshot) {
        List<OperatorSnapshot> state = snapshot.operators();
        Runnable release = () -> post(() -> state.forEach(s -> {
            if (s.keyed() != null) {
                s.keyed().release();
            }
        }));
        lastSubmittedCheckpointId = Math.max(lastSubmittedCheckpointId, snapshot.checkpointId());   // before the task can be seen finished
        snapshotWriter.submit(new TaskSnapshot(snapshot.checkpointId(), taskIndex, state, snapshot.inFlight(),
            snapshot.syncNanos(), snapshot.alignmentNanos(), snapshot.firstBarrierNanos(), snapshot.unaligned(), release));
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

    public void cancel() {
        backpressure.cancel();
    }

    @Override
    public void wakeAt(long timeMs) {
        if (timeMs < nextWakeMs) {
            nextWakeMs = timeMs;
        }
    }

    @Override
    public void run() {
        Throwable failure = null;
        boolean ranToEnd = false;
        try {
            // Downstream operators open first, so the head never emits into an unopened operator.
            for (int i = operators.size() - 1; i >= 0; i--) {
                operators.get(i).open();
            }
            usesUnionListState = operators.stream().anyMatch(StreamOperator::usesUnionListState);
            runLoop();
            ranToEnd = true;
        } catch (TaskCancelledException cancelled) {
            failure = null;
        } catch (Throwable t) {
            failure = t;
        } finally {
            failure = closeAll(failure);
            // a failed or cancelled task is not finished: a pending checkpoint must not complete without its state
            finished = ranToEnd && failure == null;
            exited = true;
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
            if (backpressure.isCancelled()) {
                throw new TaskCancelledException(name);
            }
            int work = mailbox.drain() + drainOverdrafts();
            if (inputEnded) {
                if (overdraftsDrained() && (!waitForFinalCheckpoint || finalCheckpointDone)) {
                    return;
                }
                // a barrier placed after the end of input may arrive only now: unhandled, its checkpoint would never complete
                work += input.process(0);
            } else {
                long nowMs = clock.currentTimeMillis();
                if (nowMs >= nextWakeMs) {
                    work += fireProcessingTime(nowMs);
                }
                if (inFlightReplay != null && !inFlightReplay.isFinished()) {
                    work += inFlightReplay.process(batchLimit());
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
        nextWakeMs = Long.MAX_VALUE;
        for (int i = 0; i < operators.size(); i++) {
            StreamOperator<?> operator = operators.get(i);
            operator.onProcessingTime(nowMs);
            wakeAt(operator.nextProcessingTimeMs());
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
    }

    private Throwable closeAll(Throwable failure) {
        for (StreamOperator<?> operator : operators) {
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
            .append(endOfInput ? " input-ended" : "").append(finished ? " finished" : "")
            .append(", last submitted checkpoint ").append(lastSubmittedCheckpointId).append('\n');
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
