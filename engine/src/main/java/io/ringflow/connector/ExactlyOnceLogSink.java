package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.TwoPhaseCommitSink;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The transactions of {@link ChronicleLogSink#exactlyOnce}: records are appended at once under
 * the transaction's id, pre-commit syncs them, commit appends a COMMIT document. Abort has
 * nothing to undo: records without a commit are never visible to a read-committed reader.
 */
final class ExactlyOnceLogSink<T> extends TwoPhaseCommitSink<T, LogTransaction> {
    private static final long serialVersionUID = 1L;
    private final String logDir;
    private final Codec<T> codec;
    // one writer per running subtask: keyed by its context, unique per subtask and execution attempt
    private final transient Map<SinkContext, LogRecordWriter<T>> writers = new IdentityHashMap<>();

    ExactlyOnceLogSink(Path logDir, Codec<T> codec) {
        this.logDir = logDir.toString();
        this.codec = codec;
    }

    @Override
    protected LogTransaction beginTransaction(SinkContext context) {
        LogRecordWriter<T> writer = writerOf(context);
        return new LogTransaction(writer.newTransactionId(), writer);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void write(LogTransaction transaction, T value, long timestamp) {
        ((LogRecordWriter<T>) transaction.writer()).append(transaction.id(), value, timestamp);
    }

    @Override
    protected void preCommit(LogTransaction transaction) {
        transaction.writer().sync();
    }

    @Override
    protected void commit(LogTransaction transaction) {
        // a repeated commit (after recovery) is one more COMMIT document, which readers ignore
        transaction.writer().commit(transaction.id());
        transaction.writer().sync();
    }

    @Override
    protected void abort(LogTransaction transaction) {
    }

    @Override
    protected Codec<LogTransaction> transactionCodec() {
        return LogTransaction.CODEC;
    }

    @Override
    protected LogTransaction recoverTransaction(LogTransaction restored, SinkContext context) {
        return new LogTransaction(restored.id(), writerOf(context));
    }

    @Override
    protected void close(SinkContext context) {
        LogRecordWriter<T> writer;
        synchronized (writers) {
            writer = writers.remove(context);
        }
        if (writer != null) {
            writer.close();
        }
    }

    private LogRecordWriter<T> writerOf(SinkContext context) {
        synchronized (writers) {
            return writers.computeIfAbsent(context, c -> LogRecordWriter.open(Path.of(logDir), c.subtaskIndex(), codec));
        }
    }
}
