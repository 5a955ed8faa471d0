package io.ringflow.storage.log;

import io.ringflow.storage.file.ExclusiveFileLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the documents of {@link LogDocumentDescriptor} to the queue of one subtask.
 *
 * <p>Design note: a queue is a sequence of memory-mapped files, so a document is in the page
 * cache once its {@code writingDocument} context closes: it survives a crash of the process at
 * once, and a crash of the machine after {@link #sync()}. The writer owns its queue's only
 * appender and is confined to one thread (the sink task's); its life is one execution attempt.
 */
public final class LogWriter implements AutoCloseable {
    /**
     * The largest payload of a record: Chronicle takes documents of up to a quarter of its 64 MiB
     * block, and a document over it would be left half written, unreadable with everything after it.
     */
    public static final int MAX_PAYLOAD_BYTES = (1 << 24) - LogDocumentDescriptor.RECORD_HEADER_LENGTH;

    private final Path queueDir;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final LogPages pages;
    private final ExclusiveFileLock writerLock;
    // all owned by the writing thread
    private long lastDeviceSyncMs = Long.MIN_VALUE;
    private long lastIndexAppended = LogTailer.NO_INDEX;
    private long lastIndexOnDevice = LogTailer.NO_INDEX;
    private final LogChecksum checksum = new LogChecksum();

    private LogWriter(Path queueDir, ChronicleQueue queue, ExclusiveFileLock writerLock) {
        this.writerLock = writerLock;
        this.queueDir = queueDir;
        this.queue = queue;
        this.appender = queue.createAppender();
        // opened on one thread and closed on another when a task fails over; all writes are on one
        this.appender.singleThreadedCheckDisabled(true);
        this.pages = new LogPages(appender::currentFile);
    }

    /**
     * Opens the queue of {@code subtask} in {@code logDir}, creating it, and appends after what it
     * holds; refused while another writer has it open (see {@link QueueWriterLock}).
     */
    public static LogWriter open(Path logDir, int subtask) {
        Path queueDir = LogDirectory.queueDirectory(logDir, subtask);
        ExclusiveFileLock lock = QueueWriterLock.acquire(queueDir);
        try {
            return LogDirectory.openQueue(queueDir, queue -> new LogWriter(queueDir, queue, lock));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Appends a record of transaction {@code txnId} ({@link LogDocumentDescriptor#AUTO_COMMIT_TXN_ID}
     * for a record visible at once) with {@code length} payload bytes of {@code payload}.
     *
     * @return the queue index of the record
     */
    public long appendRecord(long txnId, long timestamp, byte[] payload, int offset, int length) {
        try {
            return appendRecordUnchecked(txnId, timestamp, payload, offset, length);
        } catch (InternalError e) {
            throw pageNotWritable(e);
        }
    }

    /** Appends the commit of transaction {@code txnId}: its records become visible to read-committed readers. */
    public void appendCommit(long txnId) {
        try {
            appendCommitUnchecked(txnId);
        } catch (InternalError e) {
            throw pageNotWritable(e);
        }
    }

    /** The JVM's error for a fault (SIGBUS) on a mapped page the file system could not back. */
    private LogException pageNotWritable(InternalError e) {
        return new LogException("could not write the log queue " + queueDir + " (" + e.getMessage() + "): the disk is"
            + " full or a queue file was cut underneath; free space (or restore the file) and restart the job, which"
            + " writes again what was not committed", e);
    }

    private long appendRecordUnchecked(long txnId, long timestamp, byte[] payload, int offset, int length) {
        if (length > MAX_PAYLOAD_BYTES) {
            throw new LogException("a record of " + length + " bytes does not fit in the log queue " + queueDir
                + ": the largest is " + MAX_PAYLOAD_BYTES + " bytes (16 MiB less its header). Write smaller records,"
                + " e.g. split the value or keep large payloads elsewhere and log a reference; nothing was written");
        }
        long end;
        BytesStore<?, ?> store;
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                Bytes<?> bytes = dc.wire().bytes();
                long appendTimeMs = System.currentTimeMillis();
                bytes.writeByte(LogDocumentDescriptor.CHECKED_RECORD_TYPE);
                bytes.writeLong(txnId);
                bytes.writeLong(timestamp);
                bytes.writeLong(appendTimeMs);
                bytes.writeInt(length);
                bytes.writeInt(checksum.ofRecord(txnId, timestamp, appendTimeMs, payload, offset, length));
                bytes.write(payload, offset, length);
                end = bytes.writePosition();
                store = bytes.bytesStore();
            } catch (RuntimeException | InternalError e) {
                dc.rollbackOnClose(); // a half-written document would end the queue for every reader
                throw e;
            }
        }
        pages.wrote(end, store);
        lastIndexAppended = appender.lastIndexAppended();
        return lastIndexAppended;
    }

    private void appendCommitUnchecked(long txnId) {
        long end;
        BytesStore<?, ?> store;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(LogDocumentDescriptor.CHECKED_COMMIT_TYPE);
            bytes.writeLong(txnId);
            bytes.writeInt(checksum.ofCommit(txnId));
            end = bytes.writePosition();
            store = bytes.bytesStore();
        }
        pages.wrote(end, store);
        lastIndexAppended = appender.lastIndexAppended();
    }

    /**
     * Asks Chronicle to write back what was appended; under its default sync mode an asynchronous
     * msync, which a process crash does not need and a power cut does not wait for.
     */
    public void sync() {
        appender.sync();
    }

    /**
     * Puts everything appended so far on the device: fsync of every queue file written since the
     * last call (a transaction may span a roll of the queue file) and of the directory (new files).
     * On Linux fsync writes back the dirty pages of a file's shared mappings too.
     */
    public void syncToDevice() {
        long startedMs = System.currentTimeMillis();
        long appended = lastIndexAppended;
        Path current = appender.currentFile() == null ? null : appender.currentFile().toPath();
        try (var files = Files.list(queueDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)
                    && (file.equals(current) || Files.getLastModifiedTime(file).toMillis() >= lastDeviceSyncMs)) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            }
            try (FileChannel directory = FileChannel.open(queueDir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new LogException("could not force the log queue " + queueDir + " to the device: " + e.getMessage()
                + "; its transaction cannot be pre-committed. Check the disk, or set state.storage.fs.durability: "
                + "page-cache to accept losing pre-committed records on a power cut", e);
        }
        lastDeviceSyncMs = startedMs - 2_000; // file times may be coarse: look a little further back next time
        lastIndexOnDevice = appended;
    }

    /**
     * The queue index of the last document appended before the last {@link #syncToDevice()}
     * returned, which a power cut cannot lose; {@link LogTailer#NO_INDEX} before the first.
     */
    public long lastIndexOnDevice() {
        return lastIndexOnDevice;
    }

    /** The queue index of the last document this writer appended, or {@link LogTailer#NO_INDEX}. */
    public long lastIndexAppended() {
        return lastIndexAppended;
    }

    /** The index of the queue's last document, this writer's or an earlier one's; {@link LogTailer#NO_INDEX} when empty. */
    public long lastIndexInQueue() {
        if (lastIndexAppended != LogTailer.NO_INDEX) {
            return lastIndexAppended;
        }
        long last = queue.lastIndex();
        return last < 0 ? LogTailer.NO_INDEX : last;
    }

    /** The queue's current cycle file, or null before the first document; for tests. */
    File currentFile() {
        return appender.currentFile();
    }

    /** The pages brought in ahead of this writer; for tests. */
    LogPages pages() {
        return pages;
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
            try {
                queue.close();
            } finally {
                writerLock.close();
            }
        }
    }
}
