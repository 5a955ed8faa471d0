package io.ringflow.storage.file;

import io.ringflow.storage.CpuSlices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.UnsafeMemory;

/**
 * Checkpoint files made ahead of need: a background thread creates a few files in a directory of
 * their own, maps each and touches its pages as far as the job's last files reached (64 KB steps,
 * at most the first chunk), so that a stream renamed from a spare writes at memory speed into
 * pages already mapped and in the page cache. A fresh file of 370 KB costs here about 1.5 ms to
 * create, write and finish (a page fault per 4 KB), a spare about 0.36 ms.
 *
 * <p>A spare becomes a stream's file by a rename, so the directory must be on the checkpoints'
 * file system. Spares are made only when none was taken for {@link #REFILL_AFTER_IDLE_NANOS}, so
 * that making them does not compete with a checkpoint being written, and only while the disk has
 * room: touching a page of a full disk would fault. The thread ends after 30 s without a
 * take and deletes its spares; the next take starts it again. Leftovers of a killed process are
 * deleted when the directory is next used. {@link #take} is safe from any thread.
 */
public final class SpareFiles {
    static final long REFILL_AFTER_IDLE_NANOS = 10_000_000L;
    private static final long RETIRE_AFTER_IDLE_NANOS = 30_000_000_000L;
    private static final int PAGE = 4096;
    private static final long TOUCH_UNIT = 64 * 1024;
    private static final String SUFFIX = ".spare";

    private final Path dir;
    private final DiskSpace diskSpace;
    private final int count;
    private final Consumer<String> warnings;
    private final ConcurrentLinkedQueue<Spare> ready = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final long[] recentLengths = new long[8]; // guarded by itself: the last files' lengths, which size the touching
    private int recentAt; // guarded by recentLengths
    private volatile long lastTakeNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile long yieldAfterNanos;
    private Thread filler; // guarded by this
    private boolean leftoversDeleted; // guarded by this

    /** Keeps {@code count} spares in {@code dir}, a directory (created when needed) beside the checkpoints'. */
    public SpareFiles(Path dir, DiskSpace diskSpace, int count, Consumer<String> warnings) {
        this.dir = dir;
        this.diskSpace = diskSpace;
        this.count = count;
        this.warnings = warnings;
    }

    /**
     * A writer of a new file at {@code path}, renamed from a spare; null when none is ready (the
     * caller creates the file as usual). Starts making spares for the next takes.
     */
    public MappedFileWriter take(Path path) {
        lastTakeNanos = System.nanoTime();
        ensureFilling();
        Spare spare = ready.poll();
        // java.io, not NIO: a checkpoint takes a file or two on its critical path, and these are cheaper
        java.io.File target = path.toFile();
        if (spare == null || target.exists()) {
            if (spare != null) {
                ready.add(spare);
            }
            return null;
        }
        boolean moved;
        try {
            moved = spare.path.toFile().renameTo(target); // rename(2): atomic, as ATOMIC_MOVE
        } catch (RuntimeException e) {
            moved = false;
        }
        if (!moved) {
            discard(spare);
            return null;
        }
        return MappedFileWriter.adopt(path, diskSpace, spare.bytes, this::finished);
    }

    /** Stops making spares for good and deletes those ready and their directory; later takes return null. */
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = filler;
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        discardReady();
        deleteQuietly(dir); // only when empty: a job's directory holds nothing of it after its end
    }

    /** Spares ready now; for tests and diagnostics. */
    public int readyCount() {
        return ready.size();
    }

    private void finished(long length) {
        synchronized (recentLengths) {
            recentLengths[recentAt++ % recentLengths.length] = length;
        }
    }

    /**
     * How much of a new spare to touch: the longest of the last files rounded up to 64 KB, at most
     * a chunk. Touched pages a stream leaves unused cost their touching and, at its end, the
     * truncation that frees them.
     */
    long bytesToTouch() {
        long longest = 0;
        synchronized (recentLengths) {
            for (long length : recentLengths) {
                longest = Math.max(longest, length);
            }
        }
        long rounded = (longest + TOUCH_UNIT - 1) / TOUCH_UNIT * TOUCH_UNIT;
        return longest == 0 ? MappedFileWriter.CHUNK_BYTES : Math.min(Math.max(rounded, TOUCH_UNIT), MappedFileWriter.CHUNK_BYTES);
    }

    private synchronized void ensureFilling() {
        if (closed) {
            return;
        }
        if (filler == null || !filler.isAlive()) {
            filler = new Thread(this::fill, "ringflow-spare-files");
            filler.setDaemon(true);
            filler.start();
        }
    }

    /** Touching a spare's pages yields the core this often ({@link CpuSlices}); 0: never. */
    public SpareFiles yieldingEvery(long nanos) {
        this.yieldAfterNanos = nanos;
        return this;
    }

    private void fill() {
        CpuSlices.enable(yieldAfterNanos);
        deleteLeftovers();
        while (!closed) {
            long idle = System.nanoTime() - lastTakeNanos;
            if (idle >= RETIRE_AFTER_IDLE_NANOS) {
                break;
            }
            if (ready.size() < count && idle >= REFILL_AFTER_IDLE_NANOS && roomFor(2 * MappedFileWriter.CHUNK_BYTES)) {
                Spare spare = make();
                if (spare == null) {
                    LockSupport.parkNanos(1_000_000_000L); // the disk or directory failed: not again at once
                } else {
                    ready.add(spare);
                }
                continue;
            }
            LockSupport.parkNanos(REFILL_AFTER_IDLE_NANOS);
        }
        synchronized (this) {
            filler = null;
        }
        discardReady();
    }

    private synchronized void deleteLeftovers() {
        if (leftoversDeleted) {
            return;
        }
        leftoversDeleted = true;
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(SpareFiles::deleteQuietly);
        } catch (IOException e) {
            warnings.accept(dir + ": cannot list spare files left by an earlier run: " + e);
        }
    }

    private Spare make() {
        Path path = dir.resolve(ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + SUFFIX);
        MappedBytes bytes = null;
        try {
            if (!Files.isDirectory(dir)) { // createDirectories throws and catches an exception when it exists
                Files.createDirectories(dir);
            }
            bytes = MappedBytes.mappedBytes(path.toFile(), MappedFileWriter.CHUNK_BYTES, 0);
            bytes.singleThreadedCheckDisabled(true);
            long address = bytes.addressForWrite(0);
            long touch = bytesToTouch();
            for (long offset = 0; offset < touch; offset += PAGE) {
                CpuSlices.between(); // a page fault costs about 6 µs here
                UnsafeMemory.MEMORY.writeByte(address + offset, (byte) 0);
            }
            return new Spare(path, bytes);
        } catch (IOException | RuntimeException | InternalError e) {
            warnings.accept(path + ": cannot prepare a spare checkpoint file (checkpoint files are created as they "
                + "are needed instead): " + e);
            if (bytes != null) {
                bytes.releaseLast();
            }
            deleteQuietly(path);
            return null;
        }
    }

    private boolean roomFor(long bytes) {
        return diskSpace.usableBytes(dir.getParent()) > bytes; // the job's directory: it exists once checkpoints are written
    }

    private void discardReady() {
        for (Spare spare = ready.poll(); spare != null; spare = ready.poll()) {
            discard(spare);
        }
    }

    private static void discard(Spare spare) {
        spare.bytes.releaseLast();
        deleteQuietly(spare.path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover spare is deleted when the directory is next used
        }
    }

    private record Spare(Path path, MappedBytes bytes) {
    }
}
