package io.ringflow.storage.log;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;

/**
 * Reads the documents of one log queue in order, from its start, from an index, or from the
 * first record appended at or after a time.
 *
 * <p>Design note: a position is the index of the last document read, or of the next one before
 * any was read, never "last read plus one": Chronicle indices jump at a roll-cycle boundary, so
 * only an index that exists is safe to move back to on restore. A payload is copied into one
 * reused buffer, so reading allocates nothing per document.
 */
public final class LogTailer implements AutoCloseable {
    /** The position before any document. */
    public static final long NO_INDEX = -1;

    private final Path queueDir;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
    private final LogChecksum checksum = new LogChecksum();
    private long positionIndex = NO_INDEX;
    private boolean positionIsRead;

    private LogTailer(Path queueDir, ChronicleQueue queue) {
        this.queueDir = queueDir;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
    }

    /** Opens the queue in {@code queueDir}, which a {@link LogWriter} created, positioned at its start. */
    public static LogTailer open(Path queueDir) {
        return LogDirectory.openQueue(queueDir, queue -> new LogTailer(queueDir, queue));
    }

    /** The index of the queue's last document, or {@link #NO_INDEX} when it has none. */
    private static final long END_WAIT_MS = 1_000;

    public long lastIndex() {
        long last;
        try {
            last = queue.lastIndex();
        } catch (Exception e) { // Chronicle also throws checked exceptions unchecked
            throw LogDirectory.damaged(queueDir, "cannot find the queue's end", e);
        }
        return last < 0 ? NO_INDEX : last;
    }

    /**
     * The documents between a position ({@code index}, {@code read} as {@link #positionIndex()} and
     * {@link #positionIsRead()} give them) and the queue's last document: what a reader there has
     * yet to read. Counted by Chronicle from its index files, without reading the documents.
     */
    public long documentsAfter(long index, boolean read) {
        long last = lastIndex();
        if (last == NO_INDEX) {
            return 0;
        }
        if (index == NO_INDEX) {
            return ((SingleChronicleQueue) queue).countExcerpts(queue.firstIndex(), last) + 1;
        }
        if (index > last) {
            return 0;
        }
        return ((SingleChronicleQueue) queue).countExcerpts(index, last) + (read ? 0 : 1);
    }

    /**
     * The index of this tailer's position: the last document read when {@link #positionIsRead()},
     * else the next document to read ({@link #NO_INDEX}: the start of the queue).
     */
    public long positionIndex() {
        return positionIndex;
    }

    /** True when {@link #positionIndex()} was read and reading continues after it. */
    public boolean positionIsRead() {
        return positionIsRead;
    }

    /**
     * Moves to a position taken earlier from {@link #positionIndex()} and {@link #positionIsRead()}:
     * after the document at {@code index} when {@code read}, else at it.
     */
    public void seek(long index, boolean read) {
        if (index == NO_INDEX) {
            tailer.toStart();
        } else {
            moveTo(index);
            if (read) {
                poll(SKIP);
            }
        }
        positionIndex = index;
        positionIsRead = read && index != NO_INDEX;
    }

    /** Continues with the document at {@code index}, which must exist. */
    public void moveTo(long index) {
        if (!tailer.moveToIndex(index)) {
            throw new LogException(queueDir + ": no document at index " + index + " (0x" + Long.toHexString(index)
                + "); the queue holds indices up to " + lastIndex() + " and its older files may have been deleted");
        }
        positionIndex = index;
        positionIsRead = false;
    }

    /**
     * Continues with the first record appended at or after {@code timeMs} (epoch ms), found by a
     * scan from the start; after the last document when there is none yet.
     */
    public void moveToAppendTime(long timeMs) {
        seek(NO_INDEX, false);
        TimeFinder finder = new TimeFinder(timeMs);
        while (finder.found == NO_INDEX && poll(finder) != 0) {
            continue;
        }
        if (finder.found != NO_INDEX) {
            moveTo(finder.found);
        }
    }

    /**
     * The index of the last document before the first record appended at or after {@code timeMs},
     * found by a scan from the start ({@link #NO_INDEX} when there is none, the last document when
     * every record is older); leaves this tailer at the start.
     */
    public long lastIndexBeforeAppendTime(long timeMs) {
        seek(NO_INDEX, false);
        TimeFinder finder = new TimeFinder(timeMs);
        long before = NO_INDEX;
        while (poll(finder) != 0 && finder.found == NO_INDEX) {
            before = positionIndex;
        }
        seek(NO_INDEX, false);
        return before;
    }

    /**
     * Reads the next document into {@code handler}.
     *
     * @return its type ({@link LogDocumentDescriptor#RECORD_TYPE} or {@link LogDocumentDescriptor#COMMIT_TYPE}),
     *     or 0 when the queue holds no more now
     */
    public int poll(LogDocumentHandler handler) {
        try {
            return read(handler);
        } catch (LogException e) {
            throw e;
        } catch (Exception e) { // Chronicle also throws checked exceptions unchecked; a handler's own failure passes
            if (e instanceof RuntimeException && !e.getClass().getName().startsWith("net.openhft.")) {
                throw (RuntimeException) e;
            }
            throw LogDirectory.damaged(queueDir, "cannot read after index " + positionIndex, e);
        }
    }

    private int read(LogDocumentHandler handler) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return 0;
            }
            long index = dc.index();
            Bytes<?> bytes = dc.wire().bytes();
            byte type = bytes.readByte();
            long txnId = bytes.readLong();
            boolean checked = type == LogDocumentDescriptor.CHECKED_RECORD_TYPE
                || type == LogDocumentDescriptor.CHECKED_COMMIT_TYPE;
            if (type == LogDocumentDescriptor.RECORD_TYPE || type == LogDocumentDescriptor.CHECKED_RECORD_TYPE) {
                long timestamp = bytes.readLong();
                long appendTimeMs = bytes.readLong();
                int length = bytes.readInt();
                int stored = checked ? bytes.readInt() : 0;
                if (length < 0 || length > bytes.readRemaining()) {
                    throw new LogException(queueDir + ": record at index " + index + " says " + length
                        + " payload bytes but holds " + bytes.readRemaining() + ": the queue is damaged. Restore its files from a copy;"
                        + " nothing after this document is read");
                }
                payload.checkLimit(length);
                bytes.read(payload.byteArray(), 0, length);
                if (checked) {
                    check(index, stored, checksum.ofRecord(txnId, timestamp, appendTimeMs, payload.byteArray(), 0, length));
                }
                positionRead(index);
                handler.onRecord(index, txnId, timestamp, appendTimeMs, payload, length);
            } else if (type == LogDocumentDescriptor.COMMIT_TYPE || type == LogDocumentDescriptor.CHECKED_COMMIT_TYPE) {
                if (checked) {
                    check(index, bytes.readInt(), checksum.ofCommit(txnId));
                }
                positionRead(index);
                handler.onCommit(index, txnId);
            } else {
                throw new LogException(queueDir + ": document at index " + index + " has unknown type " + type
                    + "; this queue was not written by a log writer, or the byte was changed");
            }
            type = checked ? (byte) (type - 2) : type; // callers see a record or a commit
            return type;
        }
    }

    private void check(long index, int stored, int computed) {
        if (stored != computed) {
            throw new LogException(queueDir + ": the document at index " + index + " (0x" + Long.toHexString(index)
                + ") fails its CRC-32C (stored " + Integer.toHexString(stored) + ", computed "
                + Integer.toHexString(computed) + "): the queue is damaged, bytes changed after they were written. Restore the"
                + " queue's files from a copy; nothing after this document is read");
        }
    }

    /**
     * Reads from this position to the queue's last document. Chronicle ends a read at a document
     * it cannot read as if the queue ended there, so a damaged document would silently cut the
     * read short; stopping before the last index fails instead, naming the queue and where. A
     * document still being written gets {@link #END_WAIT_MS} to complete.
     */
    public void readToEnd(LogDocumentHandler handler) {
        long end = lastIndex();
        long deadline = System.currentTimeMillis() + END_WAIT_MS;
        while (true) {
            while (poll(handler) != 0) {
                continue;
            }
            if (end == NO_INDEX || positionIsRead && positionIndex >= end) {
                return;
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new LogException(queueDir + ": no readable document after index " + positionIndex + ", though the"
                    + " queue holds documents up to index " + end + ": its file is damaged. Restore it from a copy, or"
                    + " read only up to it (ChronicleLogSource.toIndex(" + positionIndex + "))");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LogException("interrupted reading " + queueDir, e);
            }
        }
    }

    /** The directory of this tailer's queue. */
    public Path queueDirectory() {
        return queueDir;
    }

    @Override
    public void close() {
        try {
            tailer.close();
        } finally {
            queue.close();
        }
    }

    private void positionRead(long index) {
        positionIndex = index;
        positionIsRead = true;
    }

    /** Remembers the index of the first record appended at or after a time. */
    private static final class TimeFinder implements LogDocumentHandler {
        private final long timeMs;
        private long found = NO_INDEX;

        TimeFinder(long timeMs) {
            this.timeMs = timeMs;
        }

        @Override
        public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            if (appendTimeMs >= timeMs) {
                found = index;
            }
        }
    }

    private static final LogDocumentHandler SKIP = (index, txnId, timestamp, appendTimeMs, bytes, length) -> {
    };
}
