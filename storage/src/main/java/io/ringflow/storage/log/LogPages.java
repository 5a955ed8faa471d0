package io.ringflow.storage.log;

import io.ringflow.storage.CpuSlices;
import io.ringflow.storage.file.BackgroundThread;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.MMapFlag;
import net.openhft.posix.MMapProt;
import net.openhft.posix.OpenFlag;
import net.openhft.posix.PosixAPI;

import java.io.File;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings the pages a log writer will write next into the page cache, on a background thread,
 * so that the writing thread does not fault them in itself.
 *
 * <p>A queue file is sparse ahead of its writer. The first write to a page of a hole faults, and
 * the kernel's read-around for mapped files then fills the readahead window around it
 * ({@code read_ahead_kb}, 8 MB on some machines) with zeros, on the faulting thread: an exactly-once
 * sink appending 6 MB/s stalled its task 10–11 ms every 1.2 s that way. Here a background thread
 * allocates the blocks of the next {@link #AHEAD_BYTES} ({@code fallocate}, keeping the size) and
 * asks for their pages ({@code madvise(MADV_WILLNEED)} on a mapping of its own, a slice at a time),
 * which zero-fills them in the page cache without writing a byte; the writer then finds its pages
 * there and takes only minor faults. Readers tailing the file find them there too. With the
 * blocks allocated ahead, the kernel's writeback of the log (under {@code page-cache} durability,
 * 30 s after the writes) has none to allocate while the writer waits for the inode: in 45 s W5
 * runs the largest visibility latency fell from 82 to 45 ms (medians of five). Where the kernel
 * refuses (another OS, a full disk), nothing changes but the head start.
 */
final class LogPages {
    /** How far ahead of the writer pages are brought in. */
    static final long AHEAD_BYTES = 4 << 20;
    /** The writer asks for more once it is this close to the end of what was brought in. */
    static final long LOW_WATER_BYTES = 1 << 20;
    private static final long SLICE_BYTES = 512 << 10;
    private static final long PAGE = 4096;
    // Process-wide and closed by no one: it ends 100 ms after its last task, and a busy log
    // (a task every few hundred ms) starts it again for a few µs.
    private static final BackgroundThread THREAD = new BackgroundThread("ringflow-log-pages", 0, 100);

    private final FileSupplier currentFile;
    private final AtomicLong populatedUpTo = new AtomicLong(); // written by the background task
    private final AtomicLong requests = new AtomicLong(); // tasks given, for tests
    // writer thread only
    private long lastPosition;
    private long requestedUpTo;
    private BytesStore<?, ?> advisedStore; // the writer's mapping last advised: identity only
    private volatile boolean busy; // a task is queued or running: one at a time per writer

    /** @param currentFile the writer's current cycle file, asked for only when more pages are due */
    LogPages(FileSupplier currentFile) {
        this.currentFile = currentFile;
    }

    /**
     * Writer thread, after each document: {@code position} is where the next one starts in the
     * current cycle file, {@code store} the writer's mapping it was written through.
     */
    void wrote(long position, BytesStore<?, ?> store) {
        if (store != advisedStore) {
            advisedStore = store;
            noReadAround(store);
        }
        if (position < lastPosition) {
            requestedUpTo = 0; // a new cycle file
        }
        lastPosition = position;
        if (position + LOW_WATER_BYTES <= requestedUpTo || busy) {
            return;
        }
        File target = currentFile.get();
        if (target == null) {
            return;
        }
        long from = Math.max(requestedUpTo, position) / PAGE * PAGE;
        long to = position + AHEAD_BYTES;
        requestedUpTo = to;
        busy = true;
        requests.incrementAndGet();
        THREAD.schedule(() -> {
            try {
                bringIn(target, from, to);
            } finally {
                busy = false;
            }
        }, 0);
    }

    /** The end of the range last brought in (not past the file's length), for tests. */
    long populatedUpTo() {
        return populatedUpTo.get();
    }

    /** A task is queued or running, for tests. */
    boolean busy() {
        return busy;
    }

    /** Tasks given to the background thread so far, for tests. */
    long requests() {
        return requests.get();
    }

    /**
     * Marks the writer's mapping for random access ({@code madvise(MADV_RANDOM)}): a page it faults
     * in is then that page alone. Without it a fault that misses the pages brought in, or lands on
     * a page an earlier read-around marked, reads the next window in on the writer's thread, and
     * each window marks the next: a chain the head start above never overtakes.
     */
    private static void noReadAround(BytesStore<?, ?> store) {
        if (!(store instanceof MappedBytesStore mapped)) {
            return;
        }
        try {
            PosixAPI.posix().madvise(mapped.address, mapped.realCapacity(), MAdviseFlag.MADV_RANDOM);
        } catch (RuntimeException | LinkageError e) {
            // no native access: faults read around, as without this class
        }
    }

    /** Background thread: never throws; a refusal only loses the head start. */
    private void bringIn(File target, long from, long to) {
        long end = Math.min(to, target.length()); // beyond the end there is nothing to bring in
        if (end <= from) {
            return;
        }
        try {
            PosixAPI posix = PosixAPI.posix();
            int fd = posix.open(target.getPath(), OpenFlag.O_RDWR, 0);
            if (fd < 0) {
                return;
            }
            try {
                long length = end - from;
                posix.fallocate(fd, 1 /* FALLOC_FL_KEEP_SIZE */, from, length); // blocks now, not at writeback
                long address = posix.mmap(0, length, MMapProt.PROT_READ, MMapFlag.SHARED, fd, from);
                if (address == 0 || address == -1) {
                    return;
                }
                try {
                    for (long offset = 0; offset < length; offset += SLICE_BYTES) {
                        if (posix.madvise(address + offset, Math.min(SLICE_BYTES, length - offset),
                            MAdviseFlag.MADV_WILLNEED) != 0) {
                            return;
                        }
                        populatedUpTo.set(from + Math.min(length, offset + SLICE_BYTES));
                        CpuSlices.between();
                    }
                } finally {
                    posix.munmap(address, length);
                }
            } finally {
                posix.close(fd);
            }
        } catch (RuntimeException | LinkageError e) {
            // no native access here: the writer faults its pages in itself, as without this class
        }
    }

    /** The writer's current file, asked for only when more pages are due. */
    @FunctionalInterface
    interface FileSupplier {
        File get();
    }
}
