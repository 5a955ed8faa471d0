package io.ringflow.api;

/**
 * Flink's execution modes. Ringflow runs every job in {@link #STREAMING} mode: a bounded job ends
 * when its input ends, and keyed aggregations emit a result per record, as in Flink's streaming
 * mode. {@link #BATCH} (and {@link #AUTOMATIC}, which is batch for bounded jobs in Flink) would
 * change what a job emits, so they are refused rather than run as streaming.
 */
public enum RuntimeExecutionMode {
    STREAMING,
    BATCH,
    AUTOMATIC
}
