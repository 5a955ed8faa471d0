package io.ringflow.storage.file;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the finish of a large file under {@code flush} (unmap, cut, force to the device) on a
 * thread of its own, so that the snapshot writer waiting for it can stop waiting when the
 * checkpoint is aborted. A force cannot be interrupted; the thread finishes it and the aborted
 * checkpoint's directory is removed around it. Small files are finished on the writer's thread:
 * handing them over would cost a thread's wake-up on every checkpoint.
 */
final class FileForces {
    /** Files shorter than this are finished where they were written. */
    static final long MIN_BYTES = 1L << 20;
    private static final AtomicInteger SERIAL = new AtomicInteger();
    // threads as needed (one per writer forcing at once), each ended 1 s after its last force
    private static final ThreadPoolExecutor THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "ringflow-file-force-" + SERIAL.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });

    private FileForces() {
    }

    /** Starts {@code file.finish(true)}; the future completes when the bytes are on the device. */
    static CompletableFuture<Void> finish(StreamFile file) {
        return CompletableFuture.runAsync(() -> file.finish(true), THREADS);
    }
}
