package io.ringflow.connector;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;

import java.util.List;

/**
 * Reads the queues of one {@link ChronicleLogSource} subtask round-robin, one document per poll,
 * each read-committed by its {@link LogQueueCursor}; its position is every cursor's, so a
 * restore replays exactly from there.
 */
final class ChronicleLogSourceReader<T> implements SourceReader<T> {
    private final LogQueueCursor<T>[] queues;
    private final boolean bounded;
    private int next;

    @SuppressWarnings("unchecked")
    ChronicleLogSourceReader(List<LogQueueCursor<T>> queues, boolean bounded) {
        this.queues = queues.toArray(new LogQueueCursor[0]);
        this.bounded = bounded;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) {
        for (int tried = 0; tried < queues.length; tried++) {
            LogQueueCursor<T> cursor = queues[next];
            next = (next + 1) % queues.length;
            if (cursor.poll(output)) {
                return InputStatus.MORE_AVAILABLE;
            }
        }
        return bounded && allDone() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        return LogPositionDescriptor.encode(queues);
    }

    /** Moves every queue to its checkpointed position; the queues must be the ones checkpointed. */
    @Override
    public void restorePosition(byte[] position) {
        LogPositionDescriptor.restore(position, queues);
    }

    @Override
    public void close() {
        for (LogQueueCursor<T> cursor : queues) {
            cursor.tailer().close();
        }
    }

    private boolean allDone() {
        for (LogQueueCursor<T> cursor : queues) {
            if (!cursor.isDone()) {
                return false;
            }
        }
        return true;
    }
}
