package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;
import java.util.List;

/**
 * The committed records of one queue of a log, raw, in the order {@link ChronicleLogSource}
 * replays them (commit order; a transaction's records when its COMMIT is read), up to the
 * queue's last document at opening: for comparing the outputs of two runs record by record.
 */
public final class CommittedLogQueue implements AutoCloseable {
    /** One committed record: its queue, its index there, its event time ({@code Long.MIN_VALUE}: none), its payload bytes. */
    public record Record(int queue, long index, long eventTime, byte[] payload) {
    }

    private final int queue;
    private final LogQueueCursor<byte[]> cursor;
    private final Collector collector = new Collector();

    private CommittedLogQueue(int queue, LogTailer tailer) {
        this.queue = queue;
        this.cursor = new LogQueueCursor<>(queue, tailer, RAW, tailer.lastIndex());
    }

    /** The subtask numbers of the queues of {@code dir}, in order. */
    public static List<Integer> queues(Path dir) {
        return LogDirectory.subtasks(dir);
    }

    /** Opens queue {@code subtask-queue} of {@code dir}. */
    public static CommittedLogQueue open(Path dir, int queue) {
        return new CommittedLogQueue(queue, LogTailer.open(LogDirectory.queueDirectory(dir, queue)));
    }

    /** The next committed record, or null after the last. */
    public Record next() {
        collector.record = null;
        while (collector.record == null && cursor.poll(collector)) {
            continue;
        }
        return collector.record;
    }

    @Override
    public void close() {
        cursor.tailer().close();
    }

    /** Takes the record the cursor emits, with the index the tailer is at: the record's. */
    private final class Collector implements ReaderOutput<byte[]> {
        Record record;

        @Override
        public void collect(byte[] payload) {
            collect(payload, Long.MIN_VALUE);
        }

        @Override
        public void collect(byte[] payload, long timestamp) {
            record = new Record(queue, cursor.tailer().positionIndex(), timestamp, payload);
        }
    }

    /** The payload bytes as they are: decoding is left to the caller, who may know the codec. */
    private static final Codec<byte[]> RAW = new Codec<>() {
        @Override
        public int encode(byte[] value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (value.length > capacity) {
                return DOES_NOT_FIT;
            }
            buffer.putBytes(offset, value);
            return value.length;
        }

        @Override
        public byte[] decode(DirectBuffer buffer, int offset, int length) {
            byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return bytes;
        }

        @Override
        public Class<?> type() {
            return byte[].class;
        }

        @Override
        public byte[] copy(byte[] value) {
            return value.clone();
        }
    };
}
