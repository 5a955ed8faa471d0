package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.TwoPhaseCommitSink;

import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogException;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transactions of {@link ChronicleLogSink#exactlyOnce}: records are appended at once under
 * the transaction's id, pre-commit syncs them, commit appends a COMMIT document. Abort has
 * nothing to undo: records without a commit are never visible to a read-committed reader.
 */
final class ExactlyOnceLogSink<T> extends TwoPhaseCommitSink<T, LogTransaction> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceLogSink.class);
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
        return LogTransaction.restored(restored, writerOf(context));
    }

    /**
     * A transaction open at the restored checkpoint, or one begun after it in the same queue (its
     * first record lies after the open one's start), was committed: a later checkpoint completed
     * and its output is in the log, so restoring this one would commit it twice.
     */
    @Override
    protected void checkRestored(List<LogTransaction> pending, List<LogTransaction> open, SinkContext context) {
        for (LogTransaction transaction : open) {
            if (transaction.subtask == LogTransaction.UNKNOWN_SUBTASK) {
                continue; // kept by a checkpoint taken before transactions noted where they began
            }
            Path queueDir = LogDirectory.queueDirectory(LogReplay.sinkDirectory(logDir, codec), transaction.subtask);
            if (!Files.isDirectory(queueDir)) {
                continue;
            }
            LaterCommit later = LaterCommit.find(queueDir, transaction);
            if (later == null) {
                continue;
            }
            String what = "the checkpoint this job restores is older than output its exactly-once log sink already"
                + " committed: in " + queueDir + ", transaction " + Long.toHexString(later.txnId)
                + (later.txnId == transaction.id ? ", open when that checkpoint was taken," : ", begun after that checkpoint,")
                + " was committed at index " + later.index + ", so a later checkpoint completed (its _metadata or"
                + " directory may have been removed or lost) and restoring this one writes its output again";
            if (!context.allowsDuplicateOutput()) {
                throw new io.ringflow.api.SuppressRestartsException(what + ". Restore the newest checkpoint (or the savepoint taken last), or"
                    + " accept the duplicates with execution.recovery.allow-duplicate-output: true"
                    + " (StreamEnvironment.setAllowDuplicateOutput(true))");
            }
            LOG.warn("{} (allowed by execution.recovery.allow-duplicate-output)", what);
        }
    }

    /** The first commit in a queue, after an open transaction began, of it or of a transaction begun after it. */
    private record LaterCommit(long txnId, long index) {
        static LaterCommit find(Path queueDir, LogTransaction open) {
            Set<Long> begunAfter = new HashSet<>();
            LaterCommit[] found = {null};
            LogDocumentHandler scan = new LogDocumentHandler() {
                @Override
                public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload,
                                     int length) {
                    begunAfter.add(txnId);
                }

                @Override
                public void onCommit(long index, long txnId) {
                    if (found[0] == null && (txnId == open.id || begunAfter.contains(txnId))) {
                        found[0] = new LaterCommit(txnId, index);
                    }
                }
            };
            try (LogTailer tailer = LogTailer.open(queueDir)) {
                tailer.seek(open.startIndex, open.startIndex != LogTailer.NO_INDEX);
                while (found[0] == null && tailer.poll(scan) != 0) {
                    continue;
                }
            } catch (LogException e) {
                LOG.warn("cannot check {} for output committed after the restored checkpoint: {}", queueDir, e.getMessage());
            }
            return found[0];
        }
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
