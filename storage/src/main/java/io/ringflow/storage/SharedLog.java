package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.MappedFileWriter;
import io.ringflow.storage.file.StreamFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>The same thread makes the next file once the open one nears its roll (in the job's spares
 * directory, out of the sweep's and {@code verify}'s sight, renamed into {@code shared/} by the
 * link that rolls) and populates its first pages; the rolled file is cut and unmapped there too.
 * Opening and mapping a 16 MB log in the link that rolled cost 11–18 ms of a 10 M-key checkpoint.
 * A file is mapped twice {@code rollBytes} at once: the last link before the roll, which ends
 * past it, cost 7–14 ms when it ran into a second mapping.
 *
 * <p>A rolled file stays mapped (the last {@link #RETIRED_MAPPED}); once no checkpoint refers
 * to it, the sweep hands it back ({@link #recycle}) instead of deleting it, and it becomes a next
 * file, written again from its start into pages still mapped. Allocating, zeroing and freeing
 * those pages took the populator, Chronicle's releaser and the deleter 1.4 s of CPU in 7 s of
 * W1 at a 1 ms interval (213 MB of links a second). Its old bytes past what is written again are
 * never read: metadata names each link's range.
 */
final class SharedLog {
    /** Each log file starts with these 8 bytes: no link starts at offset 0, which names a whole file. */
    static final byte[] MAGIC = "RFLOG\u0000\u0000\u0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A next file made ahead ends so, named {@code <pid>-<n>}: leftovers of a killed process are deleted by {@link SharedLogs}. */
    static final String PREPARED_SUFFIX = ".nextlog";
    /** Populated per hold of the lock: about 0.08 ms here. */
    private static final long POPULATE_SLICE = 128 * 1024;
    /** Populated ahead at least: links of a few KB every millisecond wake the populator a few times a second, not each time. */
    private static final long MIN_AHEAD = 256 * 1024;
    /** The link's commit and notifications go first. */
    private static final long POPULATE_DELAY_MS = 1;
    private static final AtomicLong PREPARED_FILES = new AtomicLong();
    /** Rolled files kept mapped for recycling; an older one is cut and unmapped. */
    static final int RETIRED_MAPPED = 4;
    /** Recycled files kept ready besides the prepared one; another is deleted: each holds up to 16 MB of disk. */
    private static final int RECYCLED_KEPT = 1;

    private final Path dir;
    private final Path preparedDir; // where the next file is made ahead; null: at the roll
    private final DiskSpace diskSpace;
    private final long rollBytes;
    private LogFile open; // null before the first link, after a roll's close and once closed
    private LogFile prepared; // the next file, made ahead in preparedDir
    private final ArrayDeque<LogFile> retired = new ArrayDeque<>(); // rolled, still mapped, oldest first
    private final ArrayDeque<LogFile> recycled = new ArrayDeque<>(); // no longer referred to, in preparedDir
    private boolean preparingFailed; // the directory or disk refused: files are made at the roll from now on
    private volatile String openFileName; // open's name: retention reads it without waiting for the populator's slice
    private Region writing;
    private boolean closed;
    private final BackgroundThread populator; // null: links fault their pages in as they write
    private final Runnable onFileCreated;
    private long lastLinkBytes;
    private boolean populateRefused; // the kernel would not: not tried again for this log
    private boolean flushing; // the last link was forced: rolled files are not kept for recycling

    /**
     * {@code onFileCreated} counts each file the log makes in {@code dir}, before it is there;
     * {@code preparedDir}, on {@code dir}'s file system, holds the next file until the roll.
     */
    SharedLog(Path dir, Path preparedDir, DiskSpace diskSpace, long rollBytes, BackgroundThread populator,
              Runnable onFileCreated) {
        this.onFileCreated = onFileCreated;
        this.populator = populator;
        this.dir = dir;
        this.preparedDir = populator == null ? null : preparedDir;
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
        flushing = flush;
        if (open != null && open.length() >= rollBytes) {
            retireOpen();
        }
        if (open == null) {
            open(dir.resolve(fileName), flush);
        }
        writing = new Region(open.length());
        return writing;
    }

    /** The name of the file links are appended to now, or null. */
    String openFileName() {
        return openFileName;
    }

    /** Cuts the open and rolled files to their length and closes them, deletes those made ahead; a link still being written fails. */
    synchronized void close() {
        closed = true;
        writing = null;
        closeOpen();
        retired.forEach(LogFile::close);
        retired.clear();
        recycled.forEach(LogFile::abort);
        recycled.clear();
        if (prepared != null) {
            prepared.abort();
            prepared = null;
        }
    }

    /**
     * The sweep found {@code fileName} referred to by no checkpoint: true when this log took it
     * back for reuse (moved out of {@code shared/}), false when the caller deletes it.
     */
    synchronized boolean recycle(String fileName) {
        LogFile log = null;
        for (LogFile candidate : retired) {
            if (candidate.name().equals(fileName)) {
                log = candidate;
            }
        }
        if (log == null) {
            return false;
        }
        retired.remove(log);
        if (closed || recycled.size() >= RECYCLED_KEPT) {
            log.close();
            return false;
        }
        try {
            log.writer.moveTo(nextPreparedPath());
            log.restart();
        } catch (CheckpointStorageException e) {
            log.close(); // deleted by the caller under its name, or a leftover of this process's spares
            return false;
        }
        recycled.addLast(log);
        return true;
    }

    private void open(Path path, boolean flush) {
        onFileCreated.run();
        LogFile next = takePrepared(path);
        open = next != null ? next : LogFile.create(path, diskSpace, 2 * rollBytes, populator);
        openFileName = path.getFileName().toString();
        if (flush) {
            DirectoryTarget.forceDirectory(dir); // the new name must survive a power cut before any metadata names it
        }
    }

    private LogFile takePrepared(Path path) {
        LogFile next = prepared != null ? prepared : recycled.pollFirst();
        prepared = null;
        if (next == null) {
            return null;
        }
        try {
            next.writer.moveTo(path);
            return next;
        } catch (CheckpointStorageException e) {
            next.abort(); // made at once instead, which names what fails
            return null;
        }
    }

    /**
     * At the roll: kept mapped for recycling when files are made ahead at all, and not under
     * {@code flush}: there, checkpoints on a recycled file took 25–60 ms against 5–10 (10 M keys).
     */
    private void retireOpen() {
        if (preparedDir == null || flushing) {
            closeOpen();
            return;
        }
        retired.addLast(open);
        open = null;
        openFileName = null;
        if (retired.size() > RETIRED_MAPPED) {
            retired.pollFirst().close();
        }
    }

    private void closeOpen() {
        if (open != null) {
            LogFile closing = open;
            open = null;
            openFileName = null;
            closing.close();
        }
    }

    private synchronized void write(Region region, byte[] src, int offset, int count) {
        checkCurrent(region);
        open.writer.write(src, offset, count);
    }

    private synchronized long finish(Region region, boolean flush) {
        checkCurrent(region);
        long length = open.length() - region.start;
        if (flush) {
            open.force();
        }
        writing = null;
        lastLinkBytes = length;
        if (populator != null && (!populateRefused && open.populatedUpTo - open.length() < length || nextFileDue())) {
            populator.schedule(this::populateAhead, POPULATE_DELAY_MS); // not for every small link: once per MIN_AHEAD
        }
        return length;
    }

    /** The open file nears its roll and the next one is not made or not populated yet. */
    private boolean nextFileDue() {
        if (preparedDir == null || preparingFailed || open.length() + ahead() < rollBytes) {
            return false;
        }
        return prepared == null && recycled.isEmpty()
            || prepared != null && !populateRefused && Math.max(prepared.populatedUpTo, prepared.length()) < populateTarget(prepared);
    }

    private long ahead() {
        return Math.max(2 * lastLinkBytes, MIN_AHEAD);
    }

    /** The next link goes to this file only while it is short of the roll, and may end past it. */
    private long populateTarget(LogFile log) {
        return log.length() >= rollBytes ? log.length() : log.length() + ahead();
    }

    /** On the populator's thread: the open file's next pages, then the next file and its first pages. */
    private void populateAhead() {
        while (populateSlice(false)) {
            // a slice per hold of the lock, so a link that starts meanwhile waits at most a slice
        }
        prepareNextFile();
        while (populateSlice(true)) {
            // as above
        }
    }

    private synchronized boolean populateSlice(boolean ofPrepared) {
        LogFile log = ofPrepared ? prepared : open;
        if (closed || log == null || writing != null || populateRefused) {
            return false;
        }
        long to = populateTarget(log);
        long from = Math.max(log.populatedUpTo, log.length());
        if (from >= to) {
            return false;
        }
        long sliceEnd = Math.min(to, from + POPULATE_SLICE);
        if (!log.writer.populate(from, sliceEnd)) {
            populateRefused = true;
            return false;
        }
        log.populatedUpTo = sliceEnd;
        return true;
    }

    /** A recycled file, or one made outside the lock: a link may start meanwhile. */
    private void prepareNextFile() {
        synchronized (this) {
            if (closed || open == null || prepared != null || !nextFileDue()) {
                return;
            }
        }
        Path path = nextPreparedPath();
        LogFile made;
        try {
            java.nio.file.Files.createDirectories(preparedDir);
            made = LogFile.create(path, diskSpace, 2 * rollBytes, populator);
        } catch (java.io.IOException | RuntimeException e) {
            synchronized (this) {
                preparingFailed = true;
            }
            return;
        }
        synchronized (this) {
            if (closed) {
                made.abort();
            } else {
                prepared = made;
            }
        }
    }

    private Path nextPreparedPath() {
        return preparedDir.resolve(ProcessHandle.current().pid() + "-" + PREPARED_FILES.incrementAndGet() + PREPARED_SUFFIX);
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
            this.path = open.writer.path();
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
                return length >= 0 ? length : writing == this ? open.length() - start : 0;
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
