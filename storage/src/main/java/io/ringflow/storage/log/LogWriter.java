package io.ringflow.storage.log;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Appends the documents of {@link LogDocumentDescriptor} to the queue of one subtask.
 *
 * <p>Design note: a queue is a sequence of memory-mapped files, so a document is in the page
 * cache once its {@code writingDocument} context closes: it survives a crash of the process at
 * once, and a crash of the machine after {@link #sync()}. The writer owns its queue's only
 * appender and is confined to one thread (the sink task's); its life is one execution attempt.
 */
public final class LogWriter implements AutoCloseable {
    private final Path queueDir;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;

    private LogWriter(Path queueDir, ChronicleQueue queue) {
        this.queueDir = queueDir;
        this.queue = queue;
        this.appender = queue.createAppender();
        // opened on one thread and closed on another when a task fails over; all writes are on one
        this.appender.singleThreadedCheckDisabled(true);
    }

    /** Opens the queue of {@code subtask} in {@code logDir}, creating it, and appends after what it holds. */
    public static LogWriter open(Path logDir, int subtask) {
        Path queueDir = LogDirectory.queueDirectory(logDir, subtask);
        return LogDirectory.openQueue(queueDir, queue -> new LogWriter(queueDir, queue));
    }

    /**
     * Appends a record of transaction {@code txnId} ({@link LogDocumentDescriptor#AUTO_COMMIT_TXN_ID}
     * for a record visible at once) with {@code length} payload bytes of {@code payload}.
     *
     * @return the queue index of the record
     */
    public long appendRecord(long txnId, long timestamp, byte[] payload, int offset, int length) {
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(LogDocumentDescriptor.RECORD_TYPE);
            bytes.writeLong(txnId);
            bytes.writeLong(timestamp);
            bytes.writeLong(System.currentTimeMillis());
            bytes.writeInt(length);
            bytes.write(payload, offset, length);
        }
        return appender.lastIndexAppended();
    }

    /** Appends the commit of transaction {@code txnId}: its records become visible to read-committed readers. */
    public void appendCommit(long txnId) {
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(LogDocumentDescriptor.COMMIT_TYPE);
            bytes.writeLong(txnId);
        }
    }

    /** Forces what was appended to the device, as far as the queue's sync mode allows. */
    public void sync() {
        appender.sync();
    }

    /** The directory of this writer's queue. */
    public Path queueDirectory() {
        return queueDir;
    }

    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            queue.close();
        }
    }
}
