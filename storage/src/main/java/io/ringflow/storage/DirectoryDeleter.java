package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.MetadataDescriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Removes retired checkpoint directories on a thread of its own, off the checkpoint's commit
 * path: unlinking files whose pages are in the page cache took 5–10 ms per checkpoint there. A
 * directory is handed over only once its {@code _metadata} is gone, so it no longer counts as a
 * checkpoint, and a crash before the deletion leaves a leftover that the next retention removes.
 *
 * <p>Up to {@link #MAX_EMPTIED} retired directories are only emptied, not removed: the next
 * checkpoints' directories are renamed from them ({@link #takeEmptied}) rather than made anew,
 * and each keeps its retired metadata file ({@link MetadataDescriptor#RETIRED_NAME}) for the
 * next metadata to be written into.
 *
 * <p>Deletions run on a {@link BackgroundThread}, each {@link #DELAY_MS} after it is handed over.
 */
final class DirectoryDeleter {
    static final long DELAY_MS = 20;
    /**
     * Emptied directories kept for new checkpoints: a rename costs a fifth of a mkdir and an rmdir
     * here. Enough that the pool does not swing between empty and full at a 1 ms interval (with 16
     * it did, about once a second: an {@code rmdir} in the job directory held its lock for 2–20 ms
     * on ext4, stalling every lookup and rename of the commit path behind it); 4 KB each.
     */
    static final int MAX_EMPTIED = 256;

    private final Set<Path> deleting = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Path> emptied = new ConcurrentLinkedQueue<>();
    private final BackgroundThread thread;

    /** @param yieldAfterNanos how often deleting yields the core to a waiting thread ({@link CpuSlices}); 0: never */
    DirectoryDeleter(long yieldAfterNanos) {
        thread = new BackgroundThread("ringflow-checkpoint-deleter", yieldAfterNanos);
    }

    /** Deletes {@code dir} in the background unless it is being deleted already; problems go to {@code warnings}. */
    synchronized void delete(Path dir, Consumer<String> warnings) {
        if (!deleting.add(dir)) {
            return;
        }
        thread.schedule(() -> {
            try {
                boolean keep = emptied.size() < MAX_EMPTIED;
                IOException failure = keep ? CheckpointLayout.deleteContents(dir, MetadataDescriptor.RETIRED_NAME)
                    : CheckpointLayout.deleteTree(dir);
                if (failure != null) {
                    warnings.accept(dir + ": not fully deleted: " + failure);
                } else if (keep && dir.toFile().isDirectory()) {
                    emptied.add(dir); // no _metadata: a leftover for retention if the process dies now
                }
            } finally {
                deleting.remove(dir);
            }
        }, DELAY_MS);
    }

    /** An emptied directory of {@code parent} to rename into a new checkpoint's, or null. */
    Path takeEmptied(Path parent) {
        for (Path dir : emptied) {
            if (parent.equals(dir.getParent()) && emptied.remove(dir)) {
                return dir;
            }
        }
        return null;
    }

    boolean isDeleting(Path dir) {
        return deleting.contains(dir);
    }

    /**
     * Waits until every deletion handed over so far is done (one thread: the last one submitted
     * ends last) and lets the thread go.
     */
    void awaitDone() {
        thread.awaitDone();
        Path dir;
        while ((dir = emptied.poll()) != null) {
            dir.resolve(MetadataDescriptor.RETIRED_NAME).toFile().delete();
            dir.toFile().delete(); // empty now: a failure leaves a leftover retention removes
        }
    }
}
