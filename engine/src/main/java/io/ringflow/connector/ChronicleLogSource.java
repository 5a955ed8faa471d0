package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.metrics.LogSourceMetrics;
import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogException;
import io.ringflow.storage.log.LogTailer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays the records of a Chronicle log, read-committed: the records of an at-least-once log
 * ({@link ChronicleLogSink#atLeastOnce}, {@link #writer}) as they were appended, and those of an
 * exactly-once log ({@link ChronicleLogSink#exactlyOnce}) when their transaction's COMMIT is read,
 * each once, in commit order per queue; records of a transaction never committed are never
 * emitted. From the start, from a queue index or from a time; bounded or tailing.
 *
 * <p>Bounded: each queue ends at its last document when the job first starts (kept across
 * restores). A replay emits the auto-committed records up to that document and the records of
 * transactions whose first COMMIT in the queue is at or before it; a transaction that commits
 * later is not replayed. Tailing: a transaction is emitted when its COMMIT lands.
 *
 * <p>Parallelism: subtask {@code i} of {@code p} reads the queues {@code subtask-q} with
 * {@code q % p == i}, round-robin, so parallelism 1 reads the whole log and a parallelism equal
 * to the number of queues reads one queue per subtask. Each subtask checkpoints the position of
 * every queue it reads (see {@link LogQueueCursor} and {@link LogPositionDescriptor}) and a
 * restore continues exactly after the last record emitted before the checkpoint; restore at the
 * parallelism the checkpoint was taken with.
 *
 * <p>A COMMIT counts in the queue of its transaction's records only. A writing job restored at
 * another parallelism may commit a pending transaction from another subtask's queue; this
 * source does not replay such a transaction ({@link ChronicleLogReader#readCommitted} does).
 */
public final class ChronicleLogSource<T> implements Source<T> {
    private static final long serialVersionUID = 1L;

    private enum Start { EARLIEST, INDEX, TIME }

    private enum Stop { LATEST, INDEX, TIME }

    private final String logDir;
    private final Codec<T> codec;
    private final boolean tailing;
    private final Start start;
    private final long startValue;
    private final Stop stop;
    private final long stopValue;

    private ChronicleLogSource(String logDir, Codec<T> codec, boolean tailing, Start start, long startValue, Stop stop,
                               long stopValue) {
        this.logDir = logDir;
        this.codec = Objects.requireNonNull(codec, "codec of the log records must not be null");
        this.tailing = tailing;
        this.start = start;
        this.startValue = startValue;
        this.stop = stop;
        this.stopValue = stopValue;
    }

    /** Replays the log from its start up to the last document it holds when the job starts, then ends. */
    public static <T> ChronicleLogSource<T> bounded(Path dir, Codec<T> codec) {
        return new ChronicleLogSource<>(dir.toString(), codec, false, Start.EARLIEST, 0, Stop.LATEST, 0);
    }

    /** Replays the log from its start and then every record appended or committed later, until cancelled. */
    public static <T> ChronicleLogSource<T> tailing(Path dir, Codec<T> codec) {
        return new ChronicleLogSource<>(dir.toString(), codec, true, Start.EARLIEST, 0, Stop.LATEST, 0);
    }

    /** Writes records that this source replays, into queue {@code subtask-0} of {@code dir}. */
    public static <T> ChronicleLogAppender<T> writer(Path dir, Codec<T> codec) {
        return new ChronicleLogAppender<>(LogRecordWriter.open(dir, 0, codec, true));
    }

    /**
     * Starts at the record of queue index {@code index} (as {@link ChronicleLogAppender#append}
     * returned it). An index names a record of one queue, so the log must have exactly one. Only
     * documents from the index on count: a transaction's records before it are not replayed.
     */
    public ChronicleLogSource<T> fromIndex(long index) {
        return new ChronicleLogSource<>(logDir, codec, tailing, Start.INDEX, index, stop, stopValue);
    }

    /**
     * Starts, in every queue, at the first record appended at or after {@code time} (a scan from
     * the start); as with {@link #fromIndex}, only documents from there on count.
     */
    public ChronicleLogSource<T> fromTime(Instant time) {
        return new ChronicleLogSource<>(logDir, codec, tailing, Start.TIME, time.toEpochMilli(), stop, stopValue);
    }

    /**
     * A bounded replay that ends at the document of queue index {@code index} (included) or at
     * the queue's last document when the job first starts, whichever comes first; the log must
     * have exactly one queue, as with {@link #fromIndex}.
     */
    public ChronicleLogSource<T> toIndex(long index) {
        return new ChronicleLogSource<>(logDir, codec, checkBounded("toIndex"), start, startValue, Stop.INDEX, index);
    }

    /**
     * A bounded replay that ends, in every queue, before the first record appended at or after
     * {@code time} (excluded), or at the queue's last document when the job first starts.
     */
    public ChronicleLogSource<T> toTime(Instant time) {
        return new ChronicleLogSource<>(logDir, codec, checkBounded("toTime"), start, startValue, Stop.TIME,
            time.toEpochMilli());
    }

    private boolean checkBounded(String method) {
        if (tailing) {
            throw new IllegalStateException(method + " ends a replay, and a tailing source never ends: build it with "
                + "ChronicleLogSource.bounded");
        }
        return false;
    }

    @Override
    public Boundedness boundedness() {
        return tailing ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public Codec<T> codec() {
        return codec;
    }

    @Override
    public Class<?> producedType() {
        return codec.type();
    }

    @Override
    public SourceReader<T> createReader(SourceReaderContext context) {
        LogReplay replay = LogReplay.active();
        return replay == null ? open(context) : replay.source(logDir, codec).open(context);
    }

    private SourceReader<T> open(SourceReaderContext context) {
        Path dir = Path.of(logDir);
        if (!Files.isDirectory(dir)) {
            throw new LogException(dir + ": no such log directory to replay");
        }
        List<Integer> all = LogDirectory.subtasks(dir);
        if ((start == Start.INDEX || stop == Stop.INDEX) && all.size() != 1) {
            throw new IllegalArgumentException("log " + dir + " has " + all.size() + " subtask queues; an index names a "
                + "record of one queue, so replay this log from and to a time");
        }
        java.util.function.Function<java.util.Set<Integer>, List<LogQueueCursor<T>>> openNew = known -> {
            List<LogQueueCursor<T>> opened = new ArrayList<>();
            try {
                for (int queue : LogDirectory.subtasks(dir)) {
                    if (queue % context.parallelism() == context.subtaskIndex() && !known.contains(queue)) {
                        opened.add(open(LogDirectory.queueDirectory(dir, queue), queue));
                    }
                }
            } catch (RuntimeException e) {
                opened.forEach(cursor -> cursor.tailer().close());
                throw e;
            }
            return opened;
        };
        List<LogQueueCursor<T>> cursors = openNew.apply(java.util.Set.of());
        LogSourceMetrics metrics = context.jobName().isEmpty() ? null
            : LogSourceMetrics.create(context.jobName(), context.operatorName(), context.subtaskIndex(), logDir, cursors.size());
        // a tailing reader also follows queues created after it started (a writing job's subtasks open theirs lazily)
        ChronicleLogSourceReader<T> reader = new ChronicleLogSourceReader<>(cursors, !tailing, metrics,
            tailing ? openNew : null);
        if (metrics != null) {
            metrics.register();
        }
        return reader;
    }

    private LogQueueCursor<T> open(Path queueDir, int queue) {
        LogTailer tailer = LogTailer.open(queueDir);
        try {
            long end = switch (stop) {
                case LATEST -> tailing ? LogQueueCursor.TAILING : tailer.lastIndex();
                case INDEX -> tailer.lastIndex() == LogTailer.NO_INDEX ? LogTailer.NO_INDEX
                    : Math.min(tailer.lastIndex(), stopValue);
                case TIME -> tailer.lastIndexBeforeAppendTime(stopValue);
            };
            if (start == Start.INDEX) {
                tailer.moveTo(startValue);
            } else if (start == Start.TIME) {
                tailer.moveToAppendTime(startValue);
            }
            return new LogQueueCursor<>(queue, tailer, codec, end);
        } catch (RuntimeException e) {
            tailer.close();
            throw e;
        }
    }
}
