package io.ringflow.task;

import io.ringflow.barrier.BarrierHandler;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.PhaseTimes;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.operator.StreamOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * The task side of its checkpoints: the synchronous snapshot of its operators, the barriers sent
 * on, and the hand-over to the snapshot writer, whose release of pinned state comes back through
 * the task's mailbox. Task thread only.
 */
public final class TaskSnapshots implements BarrierHandler.CheckpointTarget {
    private final int taskIndex;
    private final String taskName;
    private final List<StreamOperator<?>> operators;
    private final List<NetworkOutput<?>> outputs;
    private final SnapshotWriter writer;
    private final Mailbox mailbox;
    private volatile long lastSubmitted = -1; // task thread writes; read by diagnostics
    private List<OperatorSnapshot> sourcePositions = List.of();
    private boolean inputEnded;
    private long firstAfterEndOfInput = Long.MAX_VALUE;

    /** {@code operators} and {@code outputs} are the task's own lists, complete once the task runs. */
    public TaskSnapshots(int taskIndex, List<StreamOperator<?>> operators, List<NetworkOutput<?>> outputs,
                         SnapshotWriter writer, Mailbox mailbox) {
        this(taskIndex, "task " + taskIndex, operators, outputs, writer, mailbox);
    }

    /** {@code taskName} names the task in checkpoint traces. */
    public TaskSnapshots(int taskIndex, String taskName, List<StreamOperator<?>> operators, List<NetworkOutput<?>> outputs,
                         SnapshotWriter writer, Mailbox mailbox) {
        this.taskIndex = taskIndex;
        this.taskName = taskName;
        this.operators = operators;
        this.outputs = outputs;
        this.writer = writer;
        this.mailbox = mailbox;
    }

    /** The task's input ended and its operators finished: the next snapshot holds everything it will ever emit. */
    void inputEnded() {
        inputEnded = true;
    }

    /**
     * The first checkpoint snapshotted after the end of input, whichever way it came (a direct
     * trigger or a barrier placed after the end): once it completed, everything is committed.
     */
    long firstAfterEndOfInput() {
        return firstAfterEndOfInput;
    }

    @Override
    public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
        if (inputEnded && firstAfterEndOfInput == Long.MAX_VALUE) {
            firstAfterEndOfInput = checkpointId;
        }
        // The barriers first, as Flink does: nothing is emitted between them and the snapshot (one
        // thread), and the tasks downstream start their part without waiting for this one's.
        for (NetworkOutput<?> output : outputs) {
            output.emitBarrier(checkpointId, unaligned);
        }
        List<OperatorSnapshot> snapshots = new ArrayList<>(operators.size());
        for (StreamOperator<?> operator : operators) {
            try {
                OperatorSnapshot snapshot = operator.snapshotState(checkpointId);
                if (inputEnded) { // a restore of this checkpoint must not redo the end-of-input work
                    snapshot = snapshot != null ? snapshot.asFinished() : finishedMark(operator, null);
                }
                if (snapshot != null) {
                    snapshots.add(snapshot);
                }
            } catch (Exception e) {
                throw new SnapshotFailedException("the synchronous part of checkpoint " + checkpointId + " failed in "
                    + operator.context().describe(), e);
            }
        }
        List<OperatorSnapshot> positions = null; // a loop, not a stream: this runs once per checkpoint, interpreted
        for (OperatorSnapshot snapshot : snapshots) {
            if (snapshot.sourcePosition() != null) {
                if (positions == null) {
                    positions = new ArrayList<>(1);
                }
                positions.add(snapshot);
            }
        }
        if (positions != null) {
            sourcePositions = List.copyOf(positions);
        }
        return snapshots;
    }

    @Override
    public void submit(TaskSnapshot snapshot) {
        List<OperatorSnapshot> state = snapshot.operators();
        Runnable release = () -> mailbox.post(() -> state.forEach(s -> {
            if (s.keyed() != null) {
                s.keyed().release();
            }
        }));
        lastSubmitted = Math.max(lastSubmitted, snapshot.checkpointId());
        snapshot.times().taskName(taskName);
        writer.submit(new TaskSnapshot(snapshot.checkpointId(), taskIndex, state, snapshot.inFlight(),
            snapshot.syncNanos(), snapshot.alignmentNanos(), snapshot.firstBarrierNanos(), snapshot.unaligned(), release,
            snapshot.times()));
    }

    /**
     * Snapshots now, outside any barrier: a checkpoint triggered on this task directly, whose
     * trigger the task's thread picked up at {@code seenNanos}.
     */
    void takeDirectly(long checkpointId, long seenNanos) {
        long startNanos = System.nanoTime();
        List<OperatorSnapshot> state = snapshotAndForward(checkpointId, false);
        long endNanos = System.nanoTime();
        PhaseTimes phases = new PhaseTimes(0);
        phases.triggerSeen(seenNanos);
        phases.sync(startNanos, endNanos);
        submit(new TaskSnapshot(checkpointId, taskIndex, state, List.of(), endNanos - startNanos, 0,
            startNanos, false, null, phases));
    }

    /** The newest checkpoint handed to the writer, which will acknowledge it; -1 for none. */
    long lastSubmitted() {
        return lastSubmitted;
    }

    /**
     * What later checkpoints carry of this task once it finished: every operator marked finished,
     * with a source's read position of its latest snapshot (once it ended, where it ended).
     */
    List<OperatorSnapshot> endSnapshots() {
        List<OperatorSnapshot> ends = new ArrayList<>(operators.size());
        for (OperatorSnapshot source : sourcePositions) {
            ends.add(source.asFinished());
        }
        for (StreamOperator<?> operator : operators) {
            OperatorSnapshot mark = finishedMark(operator, null);
            if (mark != null && ends.stream().noneMatch(end -> end.uid().equals(mark.uid()))) {
                ends.add(mark);
            }
        }
        return ends;
    }

    /** Null for an operator that runs without a context (a test's bare operator). */
    private static OperatorSnapshot finishedMark(StreamOperator<?> operator, byte[] position) {
        return operator.context() == null ? null
            : new OperatorSnapshot(operator.context().uid(), operator.context().subtaskIndex(), null, null, null, position, true);
    }
}
