package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointTrace;
import io.ringflow.storage.layout.CheckpointLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a completed checkpoint's trace beside its files ({@link CheckpointLayout#TRACE_FILE}), for
 * {@code ringflow checkpoints show}, once the checkpoint is still retained {@link #DELAY_NANOS}
 * after it completed, or when the execution attempt ends. Not part of the checkpoint: restore never
 * reads it, so a failure to write it (or a crash before) costs only the trace.
 *
 * <p>Design note: at intervals of a few milliseconds retention retires nearly every checkpoint
 * before the next completes; formatting and creating a file for each, only for the deleter to
 * remove it, took a third of the coordinator's CPU. A checkpoint followed by {@code num-retained}
 * newer ones of its job is retired without a look at its directory: at a 1 ms interval that look
 * was a lookup of a renamed-away directory in the job's, which waited up to 8 ms on the deleter's
 * {@code rmdir} there. Confined to the coordinator's thread.
 */
final class CheckpointTraceFile {
    static final long DELAY_NANOS = 100_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTraceFile.class);

    /** {@code completedBefore}: how many checkpoints of the same job directory completed before it. */
    private record Due(Path checkpointDir, CheckpointTrace trace, long completedNanos, long completedBefore) {
    }

    private final ArrayDeque<Due> due = new ArrayDeque<>();
    private final int numRetained;
    private final java.util.Map<Path, long[]> completedByParent = new java.util.HashMap<>(); // savepoints apart

    /** @param numRetained the storage's {@code state.checkpoints.num-retained} */
    CheckpointTraceFile(int numRetained) {
        this.numRetained = numRetained;
    }

    void completed(Path checkpointDir, CheckpointTrace trace, long completedNanos) {
        long[] count = completedByParent.computeIfAbsent(checkpointDir.getParent(), parent -> new long[1]);
        due.add(new Due(checkpointDir, trace, completedNanos, count[0]++));
    }

    /**
     * Writes the traces whose delay is over; returns how many it looked at. The coordinator's
     * duty cycle calls it, at least every 10 ms (its longest park), so a trace is late by no more.
     */
    int writeDue(long nowNanos) {
        int done = 0;
        while (!due.isEmpty() && nowNanos - due.peekFirst().completedNanos >= DELAY_NANOS) {
            Due entry = due.pollFirst();
            if (!surelyRetired(entry)) {
                writeIfRetained(entry);
            }
            done++;
        }
        return done;
    }

    /** The attempt ends: every trace of a checkpoint still retained is written now. */
    void writeAll() {
        while (!due.isEmpty()) {
            writeIfRetained(due.pollFirst());
        }
    }

    private boolean surelyRetired(Due entry) {
        return completedByParent.get(entry.checkpointDir.getParent())[0] - entry.completedBefore > numRetained;
    }

    private static void writeIfRetained(Due entry) {
        if (!CheckpointLayout.hasMetadata(entry.checkpointDir)) {
            return; // retired by retention: no one can show it any more
        }
        try {
            Path inProgress = entry.checkpointDir.resolve(CheckpointLayout.TRACE_FILE + ".inprogress");
            Files.writeString(inProgress, entry.trace.format(), StandardCharsets.UTF_8);
            Files.move(inProgress, entry.checkpointDir.resolve(CheckpointLayout.TRACE_FILE),
                StandardCopyOption.ATOMIC_MOVE); // a reader never sees half a trace
        } catch (IOException | RuntimeException e) {
            // retention may have removed the directory meanwhile; the trace stays available from the JobClient
            LOG.debug("could not write the trace of checkpoint {} into {}: {}", entry.trace.checkpointId(),
                entry.checkpointDir, e.toString());
        }
    }
}
