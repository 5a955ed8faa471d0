package io.ringflow.connector;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.metrics.LogSourceMetrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the queues of one {@link ChronicleLogSource} subtask round-robin, one document per poll,
 * each read-committed by its {@link LogQueueCursor}; its position is every cursor's, so a
 * restore replays exactly from there. Publishes its lag to {@link LogSourceMetrics} about ten
 * times a second, from its own thread (the tailers are not thread-safe).
 *
 * <p>A tailing reader looks for queues created after it started (every {@link #DISCOVERY_INTERVAL_NANOS}
 * while it has nothing to read) and reads each new one of its share from the start: a checkpoint
 * taken before a queue was found holds no position for it, so a restore reads it from the start
 * again, and the records read after that checkpoint are replayed as every other.
 */
final class ChronicleLogSourceReader<T> implements SourceReader<T> {
    private static final long LAG_INTERVAL_NANOS = 100_000_000L;
    private static final int POLLS_PER_CLOCK_READ = 256;
    static final long DISCOVERY_INTERVAL_NANOS = 50_000_000L;

    private LogQueueCursor<T>[] queues;
    private final boolean bounded;
    private final LogSourceMetrics metrics;
    private final Function<Set<Integer>, List<LogQueueCursor<T>>> openNewQueues; // null: the queues are fixed
    private long nextDiscoveryNanos;
    private int next;
    private int pollsSinceClockRead;
    private long nextLagNanos;
    private long reportedAppendTimeMs = Long.MIN_VALUE;
    private long lastRecordAgeMs = -1;

    /** {@code metrics} may be null: a reader outside a job reports nothing. */
    ChronicleLogSourceReader(List<LogQueueCursor<T>> queues, boolean bounded, LogSourceMetrics metrics) {
        this(queues, bounded, metrics, null);
    }

    /**
     * @param openNewQueues given the queues read so far, opens those of this reader's share created
     *                      since; null for a reader whose queues are fixed when it opens
     */
    @SuppressWarnings("unchecked")
    ChronicleLogSourceReader(List<LogQueueCursor<T>> queues, boolean bounded, LogSourceMetrics metrics,
                             Function<Set<Integer>, List<LogQueueCursor<T>>> openNewQueues) {
        this.queues = queues.toArray(new LogQueueCursor[0]);
        this.bounded = bounded;
        this.metrics = metrics;
        this.openNewQueues = openNewQueues;
        this.nextDiscoveryNanos = System.nanoTime() + DISCOVERY_INTERVAL_NANOS;
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
                    discoverQueuesWhenDue(); // also while the known queues never run dry
                }
                return InputStatus.MORE_AVAILABLE;
            }
        }
        boolean ended = bounded && allDone();
        reportLag(ended);
        if (discoverQueuesWhenDue()) {
            return InputStatus.MORE_AVAILABLE;
        }
        return ended ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    /** A tailing reader, at most every {@link #DISCOVERY_INTERVAL_NANOS}: true when it found new queues. */
    private boolean discoverQueuesWhenDue() {
        if (openNewQueues == null || System.nanoTime() - nextDiscoveryNanos < 0) {
            return false;
        }
        nextDiscoveryNanos = System.nanoTime() + DISCOVERY_INTERVAL_NANOS;
        return addNewQueues();
    }

    @SuppressWarnings("unchecked")
    private boolean addNewQueues() {
        Set<Integer> known = new HashSet<>();
        for (LogQueueCursor<T> cursor : queues) {
            known.add(cursor.queue());
        }
        List<LogQueueCursor<T>> added = openNewQueues.apply(known);
        if (added.isEmpty()) {
            return false;
        }
        List<LogQueueCursor<T>> all = new ArrayList<>(List.of(queues));
        all.addAll(added);
        all.sort(Comparator.comparingInt(LogQueueCursor::queue));
        queues = all.toArray(new LogQueueCursor[0]);
        next = 0;
        reportLag(true);
        return true;
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
        metrics.update(lag, lastRecordAgeMs, queues.length);
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        return LogPositionDescriptor.encode(queues);
    }

    /**
     * Moves every queue to its checkpointed position. A fixed reader's queues must be the ones
     * checkpointed; a tailing one may have more (created since), which it reads from the start.
     */
    @Override
    public void restorePosition(byte[] position) {
        LogPositionDescriptor.restore(position, queues, openNewQueues != null);
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
