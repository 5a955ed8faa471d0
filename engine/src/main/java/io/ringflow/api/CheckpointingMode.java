package io.ringflow.api;

/** The guarantee checkpoints give, as in Flink. */
public enum CheckpointingMode {
    /** Every record affects state exactly once after a restore (aligned or unaligned barriers). */
    EXACTLY_ONCE,
    /** No channel is held for alignment; records after an early barrier may be replayed after a restore. */
    AT_LEAST_ONCE
}
