package io.ringflow.api;

/**
 * One checkpoint's figures, as Flink's UI shows them. Durations in milliseconds, sizes in
 * bytes; task figures are the maximum over all tasks (the one that held the checkpoint up).
 *
 * @param triggerTimeMs       epoch ms when the coordinator triggered it
 * @param endToEndDurationMs  trigger to last acknowledgement (completion), or to failure
 * @param syncDurationMs      longest synchronous part on a task thread
 * @param asyncDurationMs     longest asynchronous part (serialising and writing)
 * @param alignmentDurationMs longest time a task spent between first and last barrier
 * @param startDelayMs        longest time from trigger until a task saw its first barrier
 * @param stateSizeBytes      bytes of state written
 * @param persistedInFlightBytes bytes of in-flight records written (unaligned checkpoints)
 * @param unaligned           true when at least one task took it unaligned
 * @param syncPauseMicros     the longest synchronous part on a task thread, in microseconds: how long a
 *                            checkpoint stopped record processing
 * @param startDelayMicros    {@code startDelayMs} in microseconds
 */
public record CheckpointStats(long id, long triggerTimeMs, CheckpointStatus status, long endToEndDurationMs,
                              long syncDurationMs, long asyncDurationMs, long alignmentDurationMs, long startDelayMs,
                              long stateSizeBytes, long persistedInFlightBytes, boolean unaligned, String failureCause,
                              long syncPauseMicros, long startDelayMicros) {
    /** One line, as it is logged. */
    public String describe() {
        return String.format("checkpoint %d %s: %d ms end to end (sync %d µs, async %d ms, alignment %d ms, start delay %d µs),"
                + " state %,d B, in-flight %,d B%s%s", id, status, endToEndDurationMs, syncPauseMicros, asyncDurationMs,
            alignmentDurationMs, startDelayMicros, stateSizeBytes, persistedInFlightBytes, unaligned ? ", unaligned" : "",
            failureCause == null ? "" : ", cause: " + failureCause);
    }
}
