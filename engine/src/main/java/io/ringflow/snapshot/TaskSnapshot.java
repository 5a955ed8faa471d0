package io.ringflow.snapshot;

import io.ringflow.barrier.InFlightCapture;
import java.util.List;

/**
 * One task's part of a checkpoint, handed from the task thread to the snapshot writer once all
 * its in-flight captures know their end.
 */
public record TaskSnapshot(long checkpointId, int taskIndex, List<OperatorSnapshot> operators,
                           List<InFlightCapture> inFlight, long syncNanos, long alignmentNanos, long firstBarrierNanos,
                           boolean unaligned, Runnable releaseOnTaskThread, PhaseTimes times) {
    /** A snapshot whose phases are not traced. */
    public TaskSnapshot(long checkpointId, int taskIndex, List<OperatorSnapshot> operators, List<InFlightCapture> inFlight,
                        long syncNanos, long alignmentNanos, long firstBarrierNanos, boolean unaligned,
                        Runnable releaseOnTaskThread) {
        this(checkpointId, taskIndex, operators, inFlight, syncNanos, alignmentNanos, firstBarrierNanos, unaligned,
            releaseOnTaskThread, new PhaseTimes(0));
    }
}
