package io.ringflow.storage.log;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the records of every subtask queue of a log directory, queue by queue in subtask order
 * and in append order within a queue.
 *
 * <p>Design note: a transaction may be committed in another queue than its records (a restore
 * at another parallelism hands pending transactions to other subtasks), so
 * {@link #readCommitted} first collects the committed transaction ids of all queues, then
 * delivers the records. A transaction's records are all appended before its first commit, so
 * the two passes see every record of every transaction committed when the first pass ran:
 * a read-committed snapshot, even while writers append.
 */
public final class LogReader implements AutoCloseable {
    private final List<LogTailer> tailers = new ArrayList<>();

    private LogReader(Path logDir) {
        try {
            for (int subtask : LogDirectory.subtasks(logDir)) {
                tailers.add(LogTailer.open(LogDirectory.queueDirectory(logDir, subtask)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens the queues of {@code logDir}, which must exist (it may hold no queue yet). */
    public static LogReader open(Path logDir) {
        if (!Files.isDirectory(logDir)) {
            throw new LogException(logDir + ": no such log directory");
        }
        return new LogReader(logDir);
    }

    /**
     * Delivers the records of committed transactions and auto-committed records; records of a
     * transaction without a commit are never delivered, and a repeated commit changes nothing.
     */
    public void readCommitted(LogDocumentHandler handler) {
        LongHashSet committed = new LongHashSet();
        for (LogTailer tailer : tailers) {
            readFromStart(tailer, new LogDocumentHandler() {
                @Override
                public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
                }

                @Override
                public void onCommit(long index, long txnId) {
                    committed.add(txnId);
                }
            });
        }
        LogDocumentHandler visible = (index, txnId, timestamp, appendTimeMs, payload, length) -> {
            if (txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID || committed.contains(txnId)) {
                handler.onRecord(index, txnId, timestamp, appendTimeMs, payload, length);
            }
        };
        for (LogTailer tailer : tailers) {
            readFromStart(tailer, visible);
        }
    }

    /** {@link #readCommitted(LogDocumentHandler)}, each payload as a new array. */
    public void readCommitted(Consumer<byte[]> consumer) {
        readCommitted(copying(consumer));
    }

    /** Delivers every record, committed or not: for at-least-once logs, whose records need no commit. */
    public void readAll(LogDocumentHandler handler) {
        for (LogTailer tailer : tailers) {
            readFromStart(tailer, handler);
        }
    }

    /** {@link #readAll(LogDocumentHandler)}, each payload as a new array. */
    public void readAll(Consumer<byte[]> consumer) {
        readAll(copying(consumer));
    }

    /** The number of subtask queues read. */
    public int queueCount() {
        return tailers.size();
    }

    @Override
    public void close() {
        for (LogTailer tailer : tailers) {
            tailer.close();
        }
        tailers.clear();
    }

    private static void readFromStart(LogTailer tailer, LogDocumentHandler handler) {
        tailer.seek(LogTailer.NO_INDEX, false);
        tailer.readToEnd(handler);
    }

    private static LogDocumentHandler copying(Consumer<byte[]> consumer) {
        return (index, txnId, timestamp, appendTimeMs, payload, length) -> {
            byte[] copy = new byte[length];
            payload.getBytes(0, copy);
            consumer.accept(copy);
        };
    }
}
