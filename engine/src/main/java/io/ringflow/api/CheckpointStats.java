package io.ringflow.api;

/**
 * One checkpoint's figures, as Flink's UI shows them. Durations in milliseconds, sizes in
 * bytes; task figures are the maximum over all tasks (the one that held the checkpoint up).
 *
 * @param triggerTimeMs       epoch ms when the coordinator triggered it
 * @param endToEndDurationMs  trigger to the last acknowledgement seen by the coordinator (Flink's end-to-end
 *                            duration, which does not count writing the metadata), or to failure
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
 * @param endToEndDurationMicros {@code endToEndDurationMs} in microseconds
 * @param completionMicros    trigger to completion (the metadata written, the checkpoint restorable), or to
 *                            failure, in microseconds: when a completed checkpoint's output commits
 */
public record CheckpointStats(long id, long triggerTimeMs, CheckpointStatus status, long endToEndDurationMs,
                              long syncDurationMs, long asyncDurationMs, long alignmentDurationMs, long startDelayMs,
                              long stateSizeBytes, long persistedInFlightBytes, boolean unaligned, String failureCause,
                              long syncPauseMicros, long startDelayMicros, long endToEndDurationMicros,
                              long completionMicros) {
    /**
     * One line, as it is logged after every checkpoint. Built by hand, not by {@code String.format}:
     * at one checkpoint a second that ran interpreted and, for its grouped numbers, looked up the
     * locale's symbols each time, and took 37 % of the snapshot writer's CPU in W3 (async-profiler).
     */
    public String describe() {
        StringBuilder line = new StringBuilder(160).append("checkpoint ").append(id).append(' ').append(status)
            .append(": ");
        millis(line, endToEndDurationMicros).append(" ms end to end");
        if (status == CheckpointStatus.COMPLETED) {
            millis(line.append(", "), completionMicros).append(" ms to complete");
        }
        line.append(" (sync ").append(syncPauseMicros)
            .append(" µs, async ").append(asyncDurationMs).append(" ms, alignment ").append(alignmentDurationMs)
            .append(" ms, start delay ").append(startDelayMicros).append(" µs), state ");
        grouped(line, stateSizeBytes).append(" B, in-flight ");
        grouped(line, persistedInFlightBytes).append(" B");
        if (unaligned) {
            line.append(", unaligned");
        }
        if (failureCause != null) {
            line.append(", cause: ").append(failureCause);
        }
        return line.toString();
    }

    /** {@code micros} as milliseconds with two decimals: 2.41. */
    private static StringBuilder millis(StringBuilder line, long micros) {
        long hundredths = Math.round(micros / 10.0);
        if (hundredths < 0) {
            line.append('-');
            hundredths = -hundredths;
        }
        grouped(line, hundredths / 100).append('.');
        long fraction = hundredths % 100;
        return line.append(fraction < 10 ? "0" : "").append(fraction);
    }

    /** {@code value} with a comma between groups of three digits: 36,010,280. */
    private static StringBuilder grouped(StringBuilder line, long value) {
        String digits = Long.toString(Math.abs(value));
        if (value < 0) {
            line.append('-');
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                line.append(',');
            }
            line.append(digits.charAt(i));
        }
        return line;
    }
}
