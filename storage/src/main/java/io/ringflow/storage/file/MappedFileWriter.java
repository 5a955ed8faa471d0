package io.ringflow.storage.file;

import io.ringflow.storage.CheckpointStorageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.posix.PosixAPI;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * Appends bytes to one new file through a Chronicle memory-mapped file.
 *
 * <p>Design note: the file is mapped in {@link #CHUNK_BYTES} chunks, which Chronicle extends
 * ahead of the writer, so on close the file is cut back to the bytes written. A write into a
 * mapped page of a full disk faults (SIGBUS) rather than failing, so the writer asks
 * {@link DiskSpace} before it writes past the space last confirmed, and turns a fault that still
 * happens into an error that names the file. {@link #finish(boolean)} with {@code flush} forces
 * the file to the device: on Linux mapped pages are the page cache, and fsync writes them.
 *
 * <p>Without {@code flush}, a writer given a {@link BackgroundThread} ({@link #cutLaterOn}) leaves
 * the unmapping and the cut to it: the bytes are in the page cache once written to the shared
 * mapping, so a finished stream is as safe mapped as unmapped, and the two cost about 0.2 ms each
 * here, up to several milliseconds under load (the unmap waits for every core's TLB), twice per
 * task and checkpoint, before its acknowledgement. Until the cut the file is longer than its
 * stream by zeros, which readers accept ({@link SnapshotBytes}); a crash before it leaves it so.
 */
public final class MappedFileWriter implements StreamFile {
    /**
     * Mapped at a time. Small on purpose: writing the first bytes of a fresh 16 MB mapping cost
     * 4 times what the same bytes cost in a 1 MB one here (2.6 ms against 0.67 ms for 370 KB).
     */
    static final long CHUNK_BYTES = 1L << 20;
    private static final long PAGE = 4096;
    private static final int MADV_POPULATE_WRITE = 23; // linux/mman.h; not in PosixAPI's MAdviseFlag
    /** A cut waits this long: the acknowledgement, the commit and the notifications go first. */
    static final long CUT_DELAY_MS = 5;

    private Path path;
    private final DiskSpace diskSpace;
    private final MappedBytes bytes;
    private final long chunkBytes;
    private long length;
    private long confirmedUpTo;
    private boolean released;
    private java.util.function.LongConsumer onFinish = length -> { };
    private BackgroundThread cutter; // null: finish cuts and unmaps at once

    private MappedFileWriter(Path path, DiskSpace diskSpace, MappedBytes bytes, long chunkBytes) {
        this.chunkBytes = chunkBytes;
        this.path = path;
        this.diskSpace = diskSpace;
        this.bytes = bytes;
    }

    /** Creates {@code path}, which must not exist yet. */
    public static MappedFileWriter create(Path path, DiskSpace diskSpace) {
        return create(path, diskSpace, CHUNK_BYTES);
    }

    /**
     * Creates {@code path} mapped at least {@code mappedAtOnce} bytes at a time (whole
     * {@link #CHUNK_BYTES}): a log appended to for many checkpoints keeps one mapping, so the
     * pages {@link #populate}d ahead are the ones it writes (Chronicle unmaps a chunk as the
     * writer moves to the next).
     */
    public static MappedFileWriter create(Path path, DiskSpace diskSpace, long mappedAtOnce) {
        long chunkBytes = Math.max(1, (mappedAtOnce + CHUNK_BYTES - 1) / CHUNK_BYTES) * CHUNK_BYTES;
        if (Files.exists(path)) {
            throw new CheckpointStorageException(path + ": cannot create, the file already exists");
        }
        try {
            MappedBytes bytes = MappedBytes.mappedBytes(path.toFile(), chunkBytes, 0);
            bytes.singleThreadedCheckDisabled(true);
            return new MappedFileWriter(path, diskSpace, bytes, chunkBytes);
        } catch (FileNotFoundException e) {
            throw new CheckpointStorageException(path + ": cannot create file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CheckpointStorageException(path + ": cannot map file: " + e, e);
        }
    }

    /**
     * Takes over {@code bytes}, the mapping of a file that is now at {@code path} (a spare renamed),
     * written from its start; {@code onFinish} learns the file's final length.
     */
    static MappedFileWriter adopt(Path path, DiskSpace diskSpace, MappedBytes bytes, java.util.function.LongConsumer onFinish) {
        MappedFileWriter writer = new MappedFileWriter(path, diskSpace, bytes, CHUNK_BYTES);
        writer.onFinish = onFinish;
        return writer;
    }

    /**
     * Renames the file, mapped and written to, to {@code target} on the same file system, which
     * must not exist yet; its free space is confirmed again before the next write.
     */
    public void moveTo(Path target) {
        if (Files.exists(target)) {
            throw new CheckpointStorageException(target + ": cannot create, the file already exists");
        }
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointStorageException(path + ": cannot rename to " + target + ": " + e, e);
        }
        path = target;
        confirmedUpTo = length;
    }

    /**
     * Writes the file again from its start, keeping its mapping and its pages mapped: bytes past
     * what is written again stay until overwritten, so only a reader that knows its ranges may read it.
     */
    public void restart() {
        length = 0;
        confirmedUpTo = 0;
        bytes.writePosition(0);
    }

    /** Under {@code page-cache}, {@link #finish(boolean) finish(false)} leaves unmapping and cutting to {@code thread}. */
    public MappedFileWriter cutLaterOn(BackgroundThread thread) {
        this.cutter = thread;
        return this;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long offset() {
        return 0;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void write(byte[] src, int offset, int count) {
        if (length + count > confirmedUpTo) {
            confirmSpace(count);
        }
        try {
            copyIntoChunks(src, offset, count);
        } catch (InternalError | RuntimeException e) {
            throw new CheckpointStorageException(path + ": write failed at offset " + length
                + " (disk full or file truncated underneath): " + e, e);
        }
    }

    /**
     * One bulk copy per mapped chunk the bytes fall in: Chronicle's own {@code write(byte[])}
     * copies in a loop, about 110 MB/s here, which made a 370 KB state file take 3 ms.
     */
    private void copyIntoChunks(byte[] src, int offset, int count) {
        while (count > 0) {
            long address = bytes.addressForWrite(length); // maps the chunk holding this offset
            int piece = (int) Math.min(count, chunkBytes - length % chunkBytes);
            UnsafeApi.copyMemory(src, BufferUtil.ARRAY_BASE_OFFSET + offset, null, address, piece);
            // the position is `length`, not the mapping's: Chronicle's writeSkip re-checks 128 bytes past its own
            // position, which failed links crossing a chunk of a populated or recycled shared file
            length += piece;
            offset += piece;
            count -= piece;
        }
    }

    /** Unmaps, cuts the file to its length and, with {@code flush}, forces it to the device. */
    @Override
    public void finish(boolean flush) {
        onFinish.accept(length);
        if (!flush && cutter != null) {
            cutter.schedule(this::cutAndRelease, CUT_DELAY_MS);
            return;
        }
        release();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            if (flush) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new CheckpointStorageException(path + ": cannot " + (flush ? "flush" : "close") + " file: " + e, e);
        }
    }

    /**
     * Faults in, writable, the file's pages from {@code from} (at or past its end) to {@code to}
     * without changing a byte ({@code madvise(MADV_POPULATE_WRITE)}, Linux 5.14 and later), so
     * that writing them later takes no page fault (about 6 µs a page here, a third of that when
     * populated together). The caller keeps writes to this file out meanwhile. False when the
     * kernel refused (an older kernel, a full disk): nothing is lost but the head start.
     */
    public boolean populate(long from, long to) {
        from = (Math.max(from, length) + PAGE - 1) / PAGE * PAGE;
        if (from >= to) {
            return true;
        }
        if (diskSpace.usableBytes(path.getParent()) < to - from) {
            return false;
        }
        for (long offset = from; offset < to; ) {
            long end = Math.min(to, (offset / chunkBytes + 1) * chunkBytes); // one mapped chunk at a time
            long address = bytes.addressForWrite(offset);
            if (PosixAPI.posix().madvise(address, end - offset, MADV_POPULATE_WRITE) != 0) {
                return false;
            }
            offset = end;
        }
        return true;
    }

    /**
     * Through the mapping's own descriptor, not the path: the checkpoint may be gone by now and its
     * directory renamed into a new one's. A file left long is still read right.
     */
    private void cutAndRelease() {
        try {
            bytes.mappedFile().raf().getChannel().truncate(length);
        } catch (IOException | RuntimeException ignored) {
            // deleted meanwhile, or the disk failed: the zeros after the stream stay
        }
        release();
    }

    /** Unmaps and deletes the file; never throws. */
    @Override
    public void abort() {
        try {
            release();
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException ignored) {
            // the directory is removed as a whole by the caller
        }
    }

    private void confirmSpace(int count) {
        long usable = diskSpace.usableBytes(path.getParent());
        if (usable < count) {
            throw new CheckpointStorageException(path + ": disk full, " + usable + " bytes usable and "
                + count + " more to write at offset " + length);
        }
        confirmedUpTo = length + Math.min(usable, chunkBytes);
    }

    private synchronized void release() { // the cutter's thread or the writer's
        if (!released) {
            released = true;
            bytes.releaseLast();
        }
    }
}
