package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogException;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;

/**
 * Reads one queue of a {@link ChronicleLogSource} read-committed, one document per poll.
 *
 * <p>Design note: one tailer alternates between two modes. <em>Scanning</em>, it reads forward:
 * an auto-committed record is emitted at once; the first record of a transaction puts
 * (id, index) into {@link OpenTransactions}; a COMMIT of an open transaction removes it and
 * switches to <em>replaying</em>: the tailer moves back to the transaction's first record and
 * emits the records of that transaction up to the COMMIT, where scanning continues. A COMMIT of
 * a transaction not open here (a repeated commit, or one without records in this queue) changes
 * nothing. So a transaction's records are read twice but never held in memory, and each one is
 * emitted once, in commit order. A queue has one writer, which commits its transactions in the
 * order it began them, so a COMMIT also drops the open transactions that began before it: those
 * were aborted and will never commit. The open set thus holds the pending transactions plus those
 * aborted since the last commit, and the position (tailer position, mode, open set) is small.
 */
final class LogQueueCursor<T> implements LogDocumentHandler {
    /** The end index of a queue that is read forever. */
    static final long TAILING = Long.MAX_VALUE;
    /** The replayed transaction id while scanning. */
    static final long SCANNING = LogDocumentDescriptor.AUTO_COMMIT_TXN_ID;
    /** How long a bounded replay may find no readable document before its end before it calls the queue damaged. */
    static final long STALL_LIMIT_NANOS = 1_000_000_000L;

    private final int queue;
    private final LogTailer tailer;
    private final Codec<T> codec;
    private final OpenTransactions open = new OpenTransactions();
    private long endIndex;
    private long replayTxnId = SCANNING;
    private long replayCommitIndex = LogTailer.NO_INDEX;
    // set by onCommit, applied after the tailer's document is closed
    private long moveBackTo = LogTailer.NO_INDEX;
    private long lastAppendTimeMs = Long.MIN_VALUE;
    private ReaderOutput<T> output;
    private long stalledSinceNanos; // 0: the last poll read a document

    LogQueueCursor(int queue, LogTailer tailer, Codec<T> codec, long endIndex) {
        this.queue = queue;
        this.tailer = tailer;
        this.codec = codec;
        this.endIndex = endIndex;
    }

    /** Reads the next document, emitting what it makes visible; false when there is none now or the replay is done. */
    boolean poll(ReaderOutput<T> output) {
        if (isDone()) {
            return false;
        }
        this.output = output;
        boolean read = tailer.poll(this) != 0;
        if (moveBackTo != LogTailer.NO_INDEX) {
            tailer.moveTo(moveBackTo);
            moveBackTo = LogTailer.NO_INDEX;
        }
        if (read || endIndex == TAILING) {
            stalledSinceNanos = 0;
        } else if (!isDone()) {
            checkNotStalled();
        }
        return read;
    }

    /**
     * A bounded replay's documents up to its end were all there when it began, so a document it
     * cannot read before the end is damage (bytes overwritten), not one still being written: an
     * error after {@link #STALL_LIMIT_NANOS}, where the replay would otherwise wait forever.
     */
    private void checkNotStalled() {
        long now = System.nanoTime();
        if (stalledSinceNanos == 0) {
            stalledSinceNanos = now;
        } else if (now - stalledSinceNanos > STALL_LIMIT_NANOS) {
            throw new LogException(tailer.queueDirectory() + ": no readable document after index "
                + tailer.positionIndex() + " for " + STALL_LIMIT_NANOS / 1_000_000 + " ms, though the queue held documents "
                + "up to index " + endIndex + " when the replay began: its file is damaged. Restore it from a copy, or "
                + "replay only up to it (ChronicleLogSource.toIndex(" + tailer.positionIndex() + "))");
        }
    }

    @Override
    public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
        lastAppendTimeMs = appendTimeMs;
        if (replayTxnId != SCANNING) {
            if (txnId == replayTxnId) {
                emit(timestamp, payload, length);
            }
        } else if (txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID) {
            emit(timestamp, payload, length);
        } else if (open.find(txnId) == OpenTransactions.NOT_OPEN) {
            open.add(txnId, index);
        }
    }

    @Override
    public void onCommit(long index, long txnId) {
        if (replayTxnId != SCANNING) {
            if (index == replayCommitIndex) {
                replayTxnId = SCANNING;
                replayCommitIndex = LogTailer.NO_INDEX;
            }
            return;
        }
        int k = open.find(txnId);
        if (k == OpenTransactions.NOT_OPEN) {
            return;
        }
        moveBackTo = open.firstIndex(k);
        open.removeThrough(k);
        replayTxnId = txnId;
        replayCommitIndex = index;
    }

    /** True when a bounded replay of this queue has read its last document. */
    boolean isDone() {
        if (endIndex == TAILING || replayTxnId != SCANNING) {
            return false;
        }
        return endIndex == LogTailer.NO_INDEX
            || tailer.positionIndex() > endIndex
            || tailer.positionIndex() == endIndex && tailer.positionIsRead();
    }

    /** Continues from a checkpointed position; the open transactions are added after through {@link #openTransactions()}. */
    void restore(long index, boolean read, long endIndex, long replayTxnId, long replayCommitIndex) {
        tailer.seek(index, read);
        this.endIndex = endIndex;
        this.replayTxnId = replayTxnId;
        this.replayCommitIndex = replayCommitIndex;
        open.clear();
    }

    /**
     * The documents after the scan's frontier up to the queue's end: while a transaction is
     * replayed the tailer is behind, and the frontier is its COMMIT.
     */
    long lag() {
        if (replayTxnId != SCANNING) {
            return tailer.documentsAfter(replayCommitIndex, true);
        }
        return tailer.documentsAfter(tailer.positionIndex(), tailer.positionIsRead());
    }

    /** The append time of the last record read, {@code Long.MIN_VALUE} before the first. */
    long lastAppendTimeMs() {
        return lastAppendTimeMs;
    }

    /** The subtask number of the queue, as in its directory name. */
    int queue() {
        return queue;
    }

    LogTailer tailer() {
        return tailer;
    }

    long endIndex() {
        return endIndex;
    }

    /** The transaction being replayed, or {@link #SCANNING}. */
    long replayTxnId() {
        return replayTxnId;
    }

    /** The index of the COMMIT being replayed up to, or {@link LogTailer#NO_INDEX} while scanning. */
    long replayCommitIndex() {
        return replayCommitIndex;
    }

    OpenTransactions openTransactions() {
        return open;
    }

    private void emit(long timestamp, DirectBuffer payload, int length) {
        T record = codec.decode(payload, 0, length);
        if (timestamp == LogDocumentDescriptor.NO_TIMESTAMP) {
            output.collect(record);
        } else {
            output.collect(record, timestamp);
        }
    }
}
