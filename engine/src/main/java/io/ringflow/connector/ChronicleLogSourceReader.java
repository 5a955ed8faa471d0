package io.ringflow.connector;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.metrics.LogSourceMetrics;

import java.util.List;

/**
 * Reads the queues of one {@link ChronicleLogSource} subtask round-robin, one document per poll,
 * each read-committed by its {@link LogQueueCursor}; its position is every cursor's, so a
 * restore replays exactly from there. Publishes its lag to {@link LogSourceMetrics} about ten
 * times a second, from its own thread (the tailers are not thread-safe).
 */
final class ChronicleLogSourceReader<T> implements SourceReader<T> {
    private static final long LAG_INTERVAL_NANOS = 100_000_000L;
    private static final int POLLS_PER_CLOCK_READ = 256;

    private final LogQueueCursor<T>[] queues;
    private final boolean bounded;
    private final LogSourceMetrics metrics;
    private int next;
    private int pollsSinceClockRead;
    private long nextLagNanos;
    private long reportedAppendTimeMs = Long.MIN_VALUE;
    private long lastRecordAgeMs = -1;

    /** {@code metrics} may be null: a reader outside a job reports nothing. */
    @SuppressWarnings("unchecked")
    ChronicleLogSourceReader(List<LogQueueCursor<T>> queues, boolean bounded, LogSourceMetrics metrics) {
        this.queues = queues.toArray(new LogQueueCursor[0]);
        this.bounded = bounded;
        this.metrics = metrics;
        reportLag(true); // a reader held back from its first poll (backpressure) still shows how far behind it starts
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) {
        for (int tried = 0; tried < queues.length; tried++) {
            LogQueueCursor<T> cursor = queues[next];
            next = (next + 1) % queues.length;
            if (cursor.poll(output)) {
                if (++pollsSinceClockRead == POLLS_PER_CLOCK_READ) {
                    reportLag(false);
                }
                return InputStatus.MORE_AVAILABLE;
            }
        }
        boolean ended = bounded && allDone();
        reportLag(ended);
        return ended ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    /** At most every 100 ms (and at the end): the lag of every queue, and the age of the newest record read. */
    private void reportLag(boolean now) {
        pollsSinceClockRead = 0;
        if (metrics == null) {
            return;
        }
        long nanos = System.nanoTime();
        if (!now && nanos - nextLagNanos < 0) {
            return;
        }
        nextLagNanos = nanos + LAG_INTERVAL_NANOS;
        long lag = 0;
        long appendTimeMs = Long.MIN_VALUE;
        for (LogQueueCursor<T> cursor : queues) {
            lag += cursor.lag();
            appendTimeMs = Math.max(appendTimeMs, cursor.lastAppendTimeMs());
        }
        if (appendTimeMs != reportedAppendTimeMs) { // a record read since the last report: its age when read
            reportedAppendTimeMs = appendTimeMs;
            lastRecordAgeMs = Math.max(0, System.currentTimeMillis() - appendTimeMs);
        }
        metrics.update(lag, lastRecordAgeMs);
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        return LogPositionDescriptor.encode(queues);
    }

    /** Moves every queue to its checkpointed position; the queues must be the ones checkpointed. */
    @Override
    public void restorePosition(byte[] position) {
        LogPositionDescriptor.restore(position, queues);
        reportLag(true);
    }

    @Override
    public void close() {
        try {
            for (LogQueueCursor<T> cursor : queues) {
                cursor.tailer().close();
            }
        } finally {
            if (metrics != null) {
                metrics.close();
            }
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
