package io.ringflow.checkpoint;

/** A task reporting its part of a checkpoint written (or failed, with {@code failure}). */
public record TaskAcknowledgement(long checkpointId, int taskIndex, long syncNanos, long asyncNanos, long alignmentNanos,
                                  long firstBarrierNanos, long stateBytes, long inFlightBytes, boolean unaligned,
                                  Throwable failure) implements TaskReport {
}
