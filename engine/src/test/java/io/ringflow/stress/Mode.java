package io.ringflow.stress;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;

import java.time.Duration;

/** The four checkpointing modes the suite runs every job in. */
enum Mode {
    UNALIGNED,
    ALIGNED,
    /** Aligned, switching a checkpoint to unaligned when its alignment takes longer than 5 ms. */
    ALIGNED_TIMEOUT,
    AT_LEAST_ONCE;

    static final long INTERVAL_MS = 50;

    /** Exactly-once modes commit through the two-phase-commit sink and are checked strictly. */
    boolean exactlyOnce() {
        return this != AT_LEAST_ONCE;
    }

    void configure(StreamEnvironment env) {
        env.enableCheckpointing(INTERVAL_MS, exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        CheckpointConfig config = env.getCheckpointConfig();
        if (this == UNALIGNED || this == ALIGNED_TIMEOUT) {
            config.enableUnalignedCheckpoints();
        }
        if (this == ALIGNED_TIMEOUT) {
            config.setAlignedCheckpointTimeout(Duration.ofMillis(5));
        }
    }
}
