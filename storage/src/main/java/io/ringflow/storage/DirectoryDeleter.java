package io.ringflow.storage;

import io.ringflow.storage.layout.CheckpointLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Removes retired checkpoint directories on a thread of its own, off the checkpoint's commit
 * path: unlinking files whose pages are in the page cache took 5–10 ms per checkpoint there. A
 * directory is handed over only once its {@code _metadata} is gone, so it no longer counts as a
 * checkpoint, and a crash before the deletion leaves a leftover that the next retention removes.
 */
final class DirectoryDeleter {
    // one thread at most, so deletions run in order; it ends when idle, leaving nothing behind a stopped job
    private static final ExecutorService THREAD = new ThreadPoolExecutor(0, 1, 100, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
            Thread t = new Thread(runnable, "ringflow-checkpoint-deleter");
            t.setDaemon(true);
            return t;
        });

    private final Set<Path> deleting = ConcurrentHashMap.newKeySet();
    private volatile Future<?> last;

    /** Deletes {@code dir} in the background unless it is being deleted already; problems go to {@code warnings}. */
    void delete(Path dir, Consumer<String> warnings) {
        if (!deleting.add(dir)) {
            return;
        }
        last = THREAD.submit(() -> {
            try {
                IOException failure = CheckpointLayout.deleteTree(dir);
                if (failure != null) {
                    warnings.accept(dir + ": not fully deleted: " + failure);
                }
            } finally {
                deleting.remove(dir);
            }
        });
    }

    boolean isDeleting(Path dir) {
        return deleting.contains(dir);
    }

    /** Waits until every deletion handed over so far is done (one thread: the last one submitted ends last). */
    void awaitDone() {
        Future<?> pending = last;
        if (pending == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // reported through the warnings
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
