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
    private transient Map<SinkContext, LogRecordWriter<T>> writers;

    ExactlyOnceLogSink(Path logDir, Codec<T> codec) {
        this.logDir = logDir.toString();
        this.codec = codec;
    }

    @Override
    protected LogTransaction beginTransaction(SinkContext context) {
        return LogTransaction.begin(writerOf(context));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void write(LogTransaction transaction, T value, long timestamp) {
        ((LogRecordWriter<T>) transaction.writer).append(transaction.id, value, timestamp);
        transaction.recordWritten();
    }

    @Override
    protected void preCommit(LogTransaction transaction) {
        if (!transaction.isEmpty()) {
            transaction.writer.sync();
        }
    }

    @Override
    protected void commit(LogTransaction transaction) {
        if (transaction.isEmpty()) {
            return; // nothing to make visible: an idle subtask adds no document per checkpoint
        }
        // a repeated commit (after recovery) is one more COMMIT document, which readers ignore
        transaction.writer.commit(transaction.id);
        transaction.writer.sync();
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
        return LogTransaction.restored(restored.id, writerOf(context));
    }

    @Override
    protected void close(SinkContext context) {
        LogRecordWriter<T> writer;
        synchronized (this) {
            writer = writers == null ? null : writers.remove(context);
        }
        if (writer != null) {
            writer.close();
        }
    }

    private LogRecordWriter<T> writerOf(SinkContext context) {
        synchronized (this) {
            if (writers == null) {
                writers = new IdentityHashMap<>();
            }
            return writers.computeIfAbsent(context, c -> LogRecordWriter.open(LogReplay.sinkDirectory(logDir, codec),
                c.subtaskIndex(), codec, c.isFlushToDevice()));
        }
    }
}
