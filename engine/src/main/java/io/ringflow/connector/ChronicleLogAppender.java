package io.ringflow.connector;

import io.ringflow.storage.log.LogDocumentDescriptor;

/**
 * Records a log for {@link ChronicleLogSource} to replay, outside a job: each record is
 * visible at once (as an at-least-once sink writes them). Use it from one thread and close it.
 *
 * <pre>{@code
 * try (ChronicleLogAppender<Trade> log = ChronicleLogSource.writer(dir, Codecs.forClass(Trade.class))) {
 *     long index = log.append(trade);
 * }
 * }</pre>
 */
public final class ChronicleLogAppender<T> implements AutoCloseable {
    private final LogRecordWriter<T> writer;

    ChronicleLogAppender(LogRecordWriter<T> writer) {
        this.writer = writer;
    }

    /** Appends a record without event time and returns its queue index. */
    public long append(T value) {
        return writer.append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, value, LogDocumentDescriptor.NO_TIMESTAMP);
    }

    /** Appends a record with event time {@code timestampMs}, which the source emits it with, and returns its queue index. */
    public long append(T value, long timestampMs) {
        return writer.append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, value, timestampMs);
    }

    /** Forces what was appended to the device. */
    public void sync() {
        writer.sync();
    }

    @Override
    public void close() {
        writer.close();
    }
}
