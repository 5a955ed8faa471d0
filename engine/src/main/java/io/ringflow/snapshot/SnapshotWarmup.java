package io.ringflow.snapshot;

import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the first pinned full keyed snapshot of a process several times into scratch files
 * before its real stream, once per process, so that the code run once per key group (the block
 * encoding around the entries, the state output's chunks, the write buffer's spills into the
 * mapped file) is compiled by C2 before the checkpoints that follow. A job checkpointing every
 * second calls it 128 times a checkpoint (one per key group): it stayed in C1's profiled tier for
 * the first 40 s and ran interpreted from a loop the JIT reaches after 100 checkpoints, while
 * the per-entry code was compiled within a checkpoint. Anything that goes wrong is only logged.
 */
final class SnapshotWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWarmup.class);
    /** Calls of each per-key-group method to reach: above C2's invocation threshold (5,000 by default). */
    static final int TARGET_CALLS = 6_000;
    static final int MAX_PASSES = 64;
    /** Smaller states are written in well under a millisecond even cold. */
    static final long MIN_ENTRIES = 1_000;
    /** Entries written in all passes at most: about 0.1 s of the writer's time. */
    static final long MAX_TOTAL_ENTRIES = 2_000_000;
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();

    private SnapshotWarmup() {
    }

    /** The passes to write {@code keyed} before its real stream, claiming the process's warm-up; 0: none. */
    static int claim(KeyedStateSnapshot keyed) {
        int passes = passes(keyed);
        return passes > 0 && CLAIMED.compareAndSet(false, true) ? passes : 0;
    }

    static int passes(KeyedStateSnapshot keyed) {
        long entries = keyed.entries();
        if (keyed.isDelta() || keyed.isMaterialized() || entries < MIN_ENTRIES) {
            return 0;
        }
        int keyGroups = keyed.keyGroupRange().end() - keyed.keyGroupRange().start() + 1;
        long passes = Math.min(MAX_PASSES, (TARGET_CALLS + keyGroups - 1) / keyGroups);
        return (int) Math.min(passes, MAX_TOTAL_ENTRIES / entries);
    }

    /** Writes {@code keyed} {@code passes} times through {@code write}, each into a scratch file deleted after it. */
    static void run(CheckpointWriter writer, KeyedStateSnapshot keyed, int passes, KeyedWrite write) {
        long start = System.nanoTime();
        try {
            writePasses(writer, keyed, passes, write);
        } finally {
            long took = System.nanoTime() - start;
            keyed.notLiveFor(took); // else the backend would think copy-on-write costly and encode the next ones on the task
            LOG.debug("snapshot warm-up: {} passes of {} entries in {} µs", passes, keyed.entries(), took / 1_000);
        }
    }

    private static void writePasses(CheckpointWriter writer, KeyedStateSnapshot keyed, int passes, KeyedWrite write) {
        for (int pass = 0; pass < passes; pass++) {
            String name = CheckpointLayout.scratchFileName(pass);
            try {
                StateOutput out = writer.openScratchState(name);
                if (out == null) {
                    CLAIMED.set(false); // state stays on the heap here: a job writing files may still warm up
                    return;
                }
                write.write(out, keyed);
                out.finish();
            } catch (RuntimeException e) {
                LOG.debug("snapshot warm-up stopped at pass {}: {}", pass, e.toString());
                return;
            } finally {
                writer.deleteScratch(name);
            }
        }
    }

    /** Lets a test claim the warm-up again. */
    static void resetForTests() {
        CLAIMED.set(false);
    }

    /** Writes a keyed snapshot's key groups to a state output: the real write and the passes share it, so it is compiled too. */
    @FunctionalInterface
    interface KeyedWrite {
        void write(StateOutput out, KeyedStateSnapshot keyed);
    }
}
