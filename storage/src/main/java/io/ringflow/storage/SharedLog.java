package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.MappedFileWriter;
import io.ringflow.storage.file.StreamFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One subtask's incremental state links appended to one open mapped file in the job's
 * {@code shared/} directory, each link a range of it, instead of a new file per checkpoint.
 *
 * <p>Design note: a new file costs its creation (or a spare's rename), a mapping, and on finish
 * an unmap and a truncate, about 0.5 ms, while a link of a few KB costs microseconds to copy; and
 * retention then deletes one file per checkpoint. Appending to an open log leaves only the copy
 * and, with {@code flush}, one force of the log per link. Bytes once written are never
 * overwritten, so a range a checkpoint names stays valid whatever happens after; a link that was
 * aborted or whose checkpoint failed is dead space, gone with its file. The log rolls to a new
 * file (named after the checkpoint that opens it) once past {@code rollBytes}; retention deletes a
 * file when no checkpoint refers to a range of it and it is no longer open. One link at a time:
 * a second one while a link is being written (overlapping checkpoints) gets a file of its own.
 *
 * <p>After a link a background thread populates the pages the next ones will write (twice the
 * last link's length, at least 256 KB, {@link MappedFileWriter#populate}), a slice at a time
 * while no link is being written, once less than a link's length is left populated: a 10 M-key
 * state's 2.4 MB link spent about 4 ms of its checkpoint in page faults.
 */
final class SharedLog {
    /** Each log file starts with these 8 bytes: no link starts at offset 0, which names a whole file. */
    static final byte[] MAGIC = "RFLOG\u0000\u0000\u0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Populated per hold of the lock: about 0.08 ms here. */
    private static final long POPULATE_SLICE = 128 * 1024;
    /** Populated ahead at least: links of a few KB every millisecond wake the populator a few times a second, not each time. */
    private static final long MIN_AHEAD = 256 * 1024;
    /** The link's commit and notifications go first. */
    private static final long POPULATE_DELAY_MS = 1;

    private final Path dir;
    private final DiskSpace diskSpace;
    private final long rollBytes;
    private MappedFileWriter file; // null before the first link, after a roll's close and once closed
    private volatile String openFileName; // file's name: retention reads it without waiting for the populator's slice
    private FileChannel channel; // of file, kept open to force it
    private Region writing;
    private boolean closed;
    private final BackgroundThread populator; // null: links fault their pages in as they write
    private final Runnable onFileCreated;
    private long lastLinkBytes;
    private long populatedUpTo; // of the open file
    private boolean populateRefused; // the kernel would not: not tried again for this log

    /** {@code onFileCreated} counts each file the log makes in {@code dir}, before it exists. */
    SharedLog(Path dir, DiskSpace diskSpace, long rollBytes, BackgroundThread populator, Runnable onFileCreated) {
        this.onFileCreated = onFileCreated;
        this.populator = populator;
        this.dir = dir;
        this.diskSpace = diskSpace;
        this.rollBytes = rollBytes;
    }

    /**
     * The range the next link goes to, in the open file or in a new one named {@code fileName};
     * null when a link is being written or the log is closed: then the caller makes a file of its own.
     */
    synchronized StreamFile claim(String fileName, boolean flush) {
        if (closed || writing != null) {
            return null;
        }
        if (file != null && file.length() >= rollBytes) {
            closeFile();
        }
        if (file == null) {
            open(dir.resolve(fileName), flush);
        }
        writing = new Region(file.length());
        return writing;
    }

    /** The name of the file links are appended to now, or null. */
    String openFileName() {
        return openFileName;
    }

    /** Cuts the open file to its length and closes it; a link still being written fails. */
    synchronized void close() {
        closed = true;
        writing = null;
        closeFile();
    }

    private void open(Path path, boolean flush) {
        onFileCreated.run();
        MappedFileWriter created = MappedFileWriter.create(path, diskSpace, rollBytes);
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            created.abort();
            throw new CheckpointStorageException(path + ": cannot open shared log: " + e, e);
        }
        created.write(MAGIC, 0, MAGIC.length);
        file = created;
        openFileName = path.getFileName().toString();
        populatedUpTo = 0;
        if (flush) {
            DirectoryTarget.forceDirectory(dir); // the new name must survive a power cut before any metadata names it
        }
    }

    private void closeFile() {
        if (file == null) {
            return;
        }
        MappedFileWriter closing = file;
        file = null;
        openFileName = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the finish below reopens the file and reports what fails
        }
        closing.finish(false);
    }

    private synchronized void write(Region region, byte[] src, int offset, int count) {
        checkCurrent(region);
        file.write(src, offset, count);
    }

    private synchronized long finish(Region region, boolean flush) {
        checkCurrent(region);
        long length = file.length() - region.start;
        if (flush) {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new CheckpointStorageException(file.path() + ": cannot flush shared log: " + e, e);
            }
        }
        writing = null;
        lastLinkBytes = length;
        if (populator != null && !populateRefused && populatedUpTo - file.length() < length) {
            populator.schedule(this::populateNextLink, POPULATE_DELAY_MS); // not for every small link: once per MIN_AHEAD
        }
        return length;
    }

    /** On the populator's thread, a slice per hold of the lock, so a link that starts meanwhile waits at most a slice. */
    private void populateNextLink() {
        while (true) {
            synchronized (this) {
                if (closed || file == null || writing != null || populateRefused) {
                    return;
                }
                long to = Math.min(rollBytes, file.length() + Math.max(2 * lastLinkBytes, MIN_AHEAD));
                long from = Math.max(populatedUpTo, file.length());
                if (from >= to) {
                    return;
                }
                long sliceEnd = Math.min(to, from + POPULATE_SLICE);
                if (!file.populate(from, sliceEnd)) {
                    populateRefused = true;
                    return;
                }
                populatedUpTo = sliceEnd;
            }
        }
    }

    private synchronized void abort(Region region) {
        if (writing == region) {
            writing = null;
        }
    }

    private void checkCurrent(Region region) {
        if (writing != region) {
            throw new CheckpointStorageException(region.path + ": shared log " + (closed ? "closed" : "link aborted")
                + " while this link was being written");
        }
    }

    private final class Region implements StreamFile {
        private final long start;
        private final Path path;
        private long length = -1; // known once finished

        Region(long start) {
            this.start = start;
            this.path = file.path();
        }

        @Override
        public void write(byte[] src, int offset, int count) {
            SharedLog.this.write(this, src, offset, count);
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long offset() {
            return start;
        }

        @Override
        public long length() {
            synchronized (SharedLog.this) {
                return length >= 0 ? length : writing == this ? file.length() - start : 0;
            }
        }

        @Override
        public void finish(boolean flush) {
            length = SharedLog.this.finish(this, flush);
        }

        @Override
        public void abort() {
            SharedLog.this.abort(this);
        }
    }
}
