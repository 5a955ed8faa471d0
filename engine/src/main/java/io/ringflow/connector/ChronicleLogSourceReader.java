package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * Reads the queues of one {@link ChronicleLogSource} subtask round-robin, one record per poll;
 * its position is every queue's tailer position, so a restore replays exactly from there.
 */
final class ChronicleLogSourceReader<T> implements SourceReader<T>, LogDocumentHandler {
    private final Codec<T> codec;
    private final LogQueueCursor[] queues;
    private final boolean bounded;
    private ReaderOutput<T> output;
    private int next;

    ChronicleLogSourceReader(Codec<T> codec, List<LogQueueCursor> queues, boolean bounded) {
        this.codec = codec;
        this.queues = queues.toArray(new LogQueueCursor[0]);
        this.bounded = bounded;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) {
        this.output = output;
        for (int tried = 0; tried < queues.length; tried++) {
            LogQueueCursor cursor = queues[next];
            next = (next + 1) % queues.length;
            if (!cursor.isDone() && cursor.tailer().poll(this) != 0) {
                return InputStatus.MORE_AVAILABLE;
            }
        }
        return bounded && allDone() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
        if (txnId != LogDocumentDescriptor.AUTO_COMMIT_TXN_ID) {
            throw notReplayable(index);
        }
        T record = codec.decode(payload, 0, length);
        if (timestamp == LogDocumentDescriptor.NO_TIMESTAMP) {
            output.collect(record);
        } else {
            output.collect(record, timestamp);
        }
    }

    @Override
    public void onCommit(long index, long txnId) {
        throw notReplayable(index);
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        return LogPositionDescriptor.encode(queues);
    }

    /** Moves every queue to its checkpointed position; the queues must be the ones checkpointed. */
    @Override
    public void restorePosition(byte[] position) {
        int count = LogPositionDescriptor.queueCount(position);
        if (count != queues.length) {
            throw new IllegalStateException("the checkpointed Chronicle log source position covers " + count
                + " queues, this subtask reads " + queues.length + "; a log that gained or lost subtask queues "
                + "cannot be resumed: replay it from the start or from a time");
        }
        for (int k = 0; k < count; k++) {
            LogQueueCursor cursor = queues[k];
            if (LogPositionDescriptor.queue(position, k) != cursor.queue()) {
                throw new IllegalStateException("the checkpointed position names queue subtask-"
                    + LogPositionDescriptor.queue(position, k) + " where this subtask reads subtask-" + cursor.queue());
            }
            cursor.tailer().seek(LogPositionDescriptor.index(position, k), LogPositionDescriptor.isRead(position, k));
            cursor.endIndex(LogPositionDescriptor.endIndex(position, k));
        }
    }

    @Override
    public void close() {
        for (LogQueueCursor cursor : queues) {
            cursor.tailer().close();
        }
    }

    private boolean allDone() {
        for (LogQueueCursor cursor : queues) {
            if (!cursor.isDone()) {
                return false;
            }
        }
        return true;
    }

    private IllegalStateException notReplayable(long index) {
        LogTailer tailer = queues[(next + queues.length - 1) % queues.length].tailer();
        return new IllegalStateException(tailer.queueDirectory() + ": the document at index " + index + " belongs to "
            + "a transaction; a Chronicle log source replays at-least-once logs only, read an exactly-once log with "
            + "ChronicleLogReader.readCommitted");
    }
}
