package io.ringflow.api.connector;

import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.OperatorStateStore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The writer of one subtask of a {@link TwoPhaseCommitSink}: holds the open transaction and the
 * pre-committed ones by checkpoint id, and keeps both in operator list state.
 */
final class TwoPhaseCommitWriter<T, TXN> implements SinkWriter<T>, CheckpointedFunction, CheckpointListener {
    static final String PENDING_STATE = "two-phase-commit-pending";
    static final String CURRENT_STATE = "two-phase-commit-current";

    private final TwoPhaseCommitSink<T, TXN> sink;
    private final SinkContext context;
    // in checkpoint order: a completed checkpoint commits a prefix
    private final List<PendingTransaction<TXN>> pending = new ArrayList<>();
    private ListState<PendingTransaction<TXN>> pendingState;
    private ListState<TXN> currentState;
    private TXN current;
    // the input ended: the next checkpoint pre-commits the last transaction and begins none
    private boolean finished;

    TwoPhaseCommitWriter(TwoPhaseCommitSink<T, TXN> sink, SinkContext context) {
        this.sink = sink;
        this.context = context;
    }

    /** Settles what the restored checkpoint left open, then begins this subtask's first transaction. */
    @Override
    public void initializeState(FunctionInitializationContext initialization) throws Exception {
        OperatorStateStore store = initialization.getOperatorStateStore();
        pendingState = store.getListState(new ListStateDescriptor<>(PENDING_STATE, PendingTransaction.codec(sink.transactionCodec())));
        currentState = store.getListState(new ListStateDescriptor<>(CURRENT_STATE, sink.transactionCodec()));
        sink.open(context);
        if (initialization.isRestored()) {
            List<TXN> restoredPending = new ArrayList<>();
            pendingState.get().forEach(restored -> restoredPending.add(restored.transaction()));
            List<TXN> restoredOpen = new ArrayList<>();
            currentState.get().forEach(restoredOpen::add);
            sink.checkRestored(restoredPending, restoredOpen, context);
            // the restored checkpoint is complete, so what it pre-committed is committed now (again, perhaps)
            for (PendingTransaction<TXN> restored : pendingState.get()) {
                sink.recoverAndCommit(sink.recoverTransaction(restored.transaction(), context));
            }
            for (TXN restored : currentState.get()) {
                sink.recoverAndAbort(sink.recoverTransaction(restored, context));
            }
        }
        current = sink.beginTransaction(context);
        storeState();
    }

    @Override
    public void write(T element, long timestamp) throws Exception {
        sink.write(current, element, timestamp);
    }

    @Override
    public void writeWatermark(long watermark) throws Exception {
        sink.writeWatermark(watermark);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext snapshot) throws Exception {
        if (current != null) {
            sink.preCommit(current);
            pending.add(new PendingTransaction<>(snapshot.getCheckpointId(), current));
            current = finished ? null : sink.beginTransaction(context);
        }
        storeState();
    }

    /** Commits every transaction pre-committed at this checkpoint or an earlier one (notifications may be skipped). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Iterator<PendingTransaction<TXN>> it = pending.iterator();
        while (it.hasNext()) {
            PendingTransaction<TXN> next = it.next();
            if (next.checkpointId() > checkpointId) {
                break;
            }
            sink.commit(next.transaction());
            it.remove();
        }
    }

    /**
     * Lets the sink write its last records; with checkpointing the final checkpoint pre-commits
     * and commits them, without it nothing else would ever commit, so the end of input does.
     */
    @Override
    public void finish() throws Exception {
        if (current == null || finished) {
            return;
        }
        finished = true;
        sink.finishProcessing(current);
        if (context.isCheckpointingEnabled()) {
            return;
        }
        sink.preCommit(current);
        notifyCheckpointComplete(Long.MAX_VALUE);
        sink.commit(current);
        current = null;
    }

    /** Aborts the open transaction (after a failure it holds records no checkpoint covers); pre-committed ones stay for recovery. */
    @Override
    public void close() throws Exception {
        try {
            if (current != null) {
                TXN open = current;
                current = null;
                sink.abort(open);
            }
        } finally {
            sink.close(context);
        }
    }

    private void storeState() {
        pendingState.update(new ArrayList<>(pending));
        currentState.update(current == null ? List.of() : List.of(current));
    }
}
