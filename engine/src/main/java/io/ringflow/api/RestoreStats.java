package io.ringflow.api;

/**
 * How long the last restore of a job took, by phase, in microseconds: reading and checking the
 * checkpoint's metadata and files (0 after a failover, which restores the checkpoint it just
 * completed), loading the state into the operators (mapping the files and rebuilding the heap
 * state, on every task at once; the slowest task's time), and replaying restored in-flight
 * records (the slowest task's time). {@code totalMicros} runs from the start of the restore until
 * every task had its state and its in-flight records back.
 */
public record RestoreStats(long checkpointId, long metadataMicros, long stateMicros, long inFlightMicros,
                           long totalMicros) {
}
