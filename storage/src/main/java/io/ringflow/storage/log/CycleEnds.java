package io.ringflow.storage.log;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Checks that a queue file holds readable documents up to the write position its header records.
 *
 * <p>Design note: a cycle file cut at a whole page (a copy interrupted) has the right form, and
 * Chronicle extends it with zeros when it maps it, so its documents seem to end at the cut; its
 * index may even point before the cut. The file's first page keeps the position of the last
 * document written, so a cycle whose last readable document starts before that position lost
 * what followed. A writer sets that position after the document is complete: a reader racing a
 * live writer may see a newer position than documents, so the check is retried for a while.
 */
final class CycleEnds {
    private static final long SETTLE_MS = 1_000;

    private CycleEnds() {
    }

    /** Fails when the queue's newest cycle lost documents at its end. */
    static void checkNewestCycle(Path queueDir, ChronicleQueue queue) {
        SingleChronicleQueue single = (SingleChronicleQueue) queue;
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (true) {
            int cycle = single.lastCycle();
            long written = writePosition(single, cycle);
            long last = lastIndex(single);
            if (written <= 0 || last >= 0 && queue.rollCycle().toCycle(last) != cycle) {
                return; // no cycle, or one without documents yet
            }
            long readTo = last < 0 ? -1 : contentPosition(single, last);
            if (readTo > written) {
                return;
            }
            if (System.currentTimeMillis() >= deadline) {
                throw cut(queueDir, single, cycle, written, readTo);
            }
            sleepBriefly(queueDir);
        }
    }

    /** Fails when the documents of {@code cycle} read so far, ending at {@code lastContentPosition}, stop before its last one. */
    static void checkCycleReadToItsEnd(Path queueDir, ChronicleQueue queue, int cycle, long lastContentPosition) {
        long written = writePosition((SingleChronicleQueue) queue, cycle);
        if (written >= lastContentPosition) {
            throw cut(queueDir, (SingleChronicleQueue) queue, cycle, written, lastContentPosition);
        }
    }

    /** Chronicle's own end; its index may point into the zeros of a cut (asserting, with assertions on). */
    private static long lastIndex(SingleChronicleQueue queue) {
        try {
            return queue.lastIndex();
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    private static long writePosition(SingleChronicleQueue queue, int cycle) {
        SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null) {
            return -1;
        }
        try {
            return store.writePosition();
        } finally {
            store.close();
        }
    }

    private static long contentPosition(SingleChronicleQueue queue, long index) {
        try (ExcerptTailer probe = queue.createTailer()) {
            if (!probe.moveToIndex(index)) {
                return -1;
            }
            try (DocumentContext dc = probe.readingDocument()) {
                return dc.isPresent() ? dc.wire().bytes().readPosition() : -1;
            }
        }
    }

    private static LogException cut(Path queueDir, SingleChronicleQueue queue, int cycle, long written, long readTo) {
        SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        String file = store == null ? "of cycle " + cycle : closed(store);
        return new LogException(queueDir + ": the queue file " + file + " records a document written at byte " + written
            + ", but its documents can be read only " + (readTo < 0 ? "not at all" : "up to byte " + readTo)
            + ": the file was cut short at a whole page (a copy interrupted?) and the documents after the cut are gone."
            + " Restore the queue's files from a copy; nothing is read from this queue until then");
    }

    private static String closed(SingleChronicleQueueStore store) {
        try {
            return store.file().getName();
        } finally {
            store.close();
        }
    }

    private static void sleepBriefly(Path queueDir) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted checking " + queueDir, e);
        }
    }
}
