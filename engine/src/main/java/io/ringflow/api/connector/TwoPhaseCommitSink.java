package io.ringflow.api.connector;

import io.ringflow.api.codec.Codec;

/**
 * A sink that writes exactly once into an external system with transactions, as Flink's
 * {@code TwoPhaseCommitSinkFunction}: each subtask writes into a transaction per checkpoint
 * interval, pre-commits it at the checkpoint's barrier and commits it once the checkpoint is
 * complete, so what a checkpoint did not cover is never visible to a read-committed consumer.
 *
 * <pre>
 *  records ──write──> txn 7 ──barrier n: preCommit, remember (n, txn 7), begin txn 8──>
 *  checkpoint n complete ──> commit txn 7        failure ──> abort txn 8
 *  restore from n ──> recoverAndCommit txn 7 (again), recoverAndAbort txn 8
 * </pre>
 *
 * <p>The pending transactions and the current one are kept in the writer's operator list state,
 * encoded with {@link #transactionCodec()}; on a restore at another parallelism they are dealt
 * out over the new subtasks. Without checkpointing, a subtask commits its single transaction
 * when its input ends.
 *
 * <p><b>One instance per subtask and attempt.</b> As for other user functions, every parallel
 * subtask of every attempt works on its own copy of this object: a serialization round trip of
 * the sink as it was when {@code sinkTo} took it (it must be serializable; the instance passed
 * itself is never used, and a copy never sees fields a running subtask changed), so
 * a subclass may keep per-subtask resources in plain (transient) fields set in
 * {@link #open(SinkContext)} or {@link #createWriter(SinkContext)}: they never leak to another
 * subtask or to a restarted attempt. What is shared is only what the copies reach outside the
 * object (static fields, the external system). All methods of one copy run on its subtask's task
 * thread.
 *
 * <p>Extension points beside the abstract methods: {@link #open(SinkContext)} (before recovery),
 * {@link #finishProcessing(Object)} (end of input), {@link #close(SinkContext)}, and
 * {@link #createWriter(SinkContext)} itself, which may be overridden to prepare the copy or wrap
 * the writer, as long as it returns (a writer delegating to) {@code super.createWriter(context)}:
 * that writer holds the transactions and their state.
 *
 * @param <T> the type of the records
 * @param <TXN> the type of a transaction handle: what {@link #transactionCodec()} stores in a checkpoint
 */
public abstract class TwoPhaseCommitSink<T, TXN> implements Sink<T> {
    @Override
    public boolean commitsAtCheckpoints() {
        return true;
    }

    private static final long serialVersionUID = 1L;

    /**
     * The writer of the subtask of {@code context}, called once on that subtask's own copy of this
     * sink. Overrides must return (a writer delegating to) {@code super.createWriter(context)},
     * which keeps the transactions in checkpoints.
     */
    @Override
    public SinkWriter<T> createWriter(SinkContext context) throws Exception {
        return new TwoPhaseCommitWriter<>(this, context);
    }

    /**
     * The subtask of {@code context} starts, on its own copy of this sink: set up its resources.
     * Runs before the restored transactions are recovered and before the first one begins.
     */
    protected void open(SinkContext context) throws Exception {
    }

    /**
     * The input of this subtask ended (Flink's {@code finish()}): {@code transaction} is the last
     * one and may still be written to. With checkpointing it is then pre-committed by the final
     * checkpoint (no new transaction begins) and committed when that checkpoint completes; without
     * checkpointing it is pre-committed and committed right after this call. Not called on
     * cancel or failure. Does nothing by default.
     */
    protected void finishProcessing(TXN transaction) throws Exception {
    }

    /** The watermark reached this subtask's writer (Flink's {@code SinkWriter.writeWatermark}); does nothing by default. */
    protected void writeWatermark(long watermark) throws Exception {
    }

    /** Starts a transaction for the subtask of {@code context}. */
    protected abstract TXN beginTransaction(SinkContext context) throws Exception;

    /** Writes {@code value} (event time {@code timestamp}, Long.MIN_VALUE when none) into {@code transaction}. */
    protected abstract void write(TXN transaction, T value, long timestamp) throws Exception;

    /**
     * Called at a checkpoint's barrier, after the last write of {@code transaction}: afterwards the
     * transaction must survive a crash so that it can still be committed after recovery.
     */
    protected abstract void preCommit(TXN transaction) throws Exception;

    /**
     * Makes a pre-committed transaction visible. Must be idempotent: after a failure it is
     * committed again through {@link #recoverAndCommit}, whether or not this call succeeded.
     */
    protected abstract void commit(TXN transaction) throws Exception;

    /** Discards a transaction that will never be committed. */
    protected abstract void abort(TXN transaction) throws Exception;

    /** Encodes the transaction handles kept in checkpoints; keep it compatible across versions of a job. */
    protected abstract Codec<TXN> transactionCodec();

    /**
     * Attaches a transaction restored from a checkpoint to the resources of the subtask that
     * recovers it (which after a rescale is not always the one that began it); as is by default.
     */
    protected TXN recoverTransaction(TXN restored, SinkContext context) throws Exception {
        return restored;
    }

    /**
     * Called on a restore before any transaction is recovered, with those the restored checkpoint
     * had pre-committed and those it had open: fails when the external system shows that a later
     * checkpoint completed (an open transaction, or one begun after it, was committed), since
     * restoring this one would write that output again. Such a restore is an older checkpoint than
     * the newest one, whose files were lost or removed; {@link SinkContext#allowsDuplicateOutput()}
     * accepts it. Checks nothing by default.
     */
    protected void checkRestored(java.util.List<TXN> pending, java.util.List<TXN> open, SinkContext context) throws Exception {
    }

    /** Commits a transaction that a restored checkpoint had pre-committed; {@link #commit} by default. */
    protected void recoverAndCommit(TXN transaction) throws Exception {
        commit(transaction);
    }

    /** Aborts the transaction that was open when the restored checkpoint was taken; {@link #abort} by default. */
    protected void recoverAndAbort(TXN transaction) throws Exception {
        abort(transaction);
    }

    /** The subtask of {@code context} stops (after its open transaction was aborted): release its resources. */
    protected void close(SinkContext context) throws Exception {
    }
}
