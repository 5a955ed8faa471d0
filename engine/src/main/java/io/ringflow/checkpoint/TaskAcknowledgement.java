package io.ringflow.checkpoint;

import io.ringflow.snapshot.PhaseTimes;

/** A task reporting its part of a checkpoint written (or failed, with {@code failure}), with when each phase happened. */
public record TaskAcknowledgement(long checkpointId, int taskIndex, long syncNanos, long asyncNanos, long alignmentNanos,
                                  long firstBarrierNanos, long stateBytes, long inFlightBytes, boolean unaligned,
                                  Throwable failure, PhaseTimes times) implements TaskReport {
    /** An acknowledgement whose phases are not traced. */
    public TaskAcknowledgement(long checkpointId, int taskIndex, long syncNanos, long asyncNanos, long alignmentNanos,
                               long firstBarrierNanos, long stateBytes, long inFlightBytes, boolean unaligned,
                               Throwable failure) {
        this(checkpointId, taskIndex, syncNanos, asyncNanos, alignmentNanos, firstBarrierNanos, stateBytes, inFlightBytes,
            unaligned, failure, new PhaseTimes(0));
    }
}
