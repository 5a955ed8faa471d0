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
 * when its input ends. All methods run on the subtask's task thread; one sink instance serves
 * every subtask, so keep per-subtask resources in the transaction or keyed by its context.
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

    @Override
    public final SinkWriter<T> createWriter(SinkContext context) {
        return new TwoPhaseCommitWriter<>(this, context);
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
