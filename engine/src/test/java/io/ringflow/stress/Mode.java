package io.ringflow.stress;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;

import java.time.Duration;

/** The checkpointing modes the suite runs every job in. */
enum Mode {
    UNALIGNED,
    ALIGNED,
    /** Aligned, switching a checkpoint to unaligned when its alignment takes longer than 5 ms. */
    ALIGNED_TIMEOUT,
    AT_LEAST_ONCE,
    /** Unaligned with incremental checkpoints every 5 ms: links appended to the subtasks' shared logs. */
    INCREMENTAL,
    /** Unaligned with file merging and no stream inlined: every stream a range of its subtask's file of the checkpoint. */
    MERGED;

    static final long INTERVAL_MS = 50;
    static final long INCREMENTAL_INTERVAL_MS = 5;

    /** Exactly-once modes commit through the two-phase-commit sink and are checked strictly. */
    boolean exactlyOnce() {
        return this != AT_LEAST_ONCE;
    }

    void configure(StreamEnvironment env) {
        env.enableCheckpointing(this == INCREMENTAL ? INCREMENTAL_INTERVAL_MS : INTERVAL_MS,
            exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        CheckpointConfig config = env.getCheckpointConfig();
        if (this == UNALIGNED || this == ALIGNED_TIMEOUT || this == INCREMENTAL || this == MERGED) {
            config.enableUnalignedCheckpoints();
        }
        if (this == MERGED) {
            config.storage().fileMerging(true).memoryThreshold(0);
        }
        if (this == INCREMENTAL) {
            config.enableIncrementalCheckpoints(true);
        }
        if (this == ALIGNED_TIMEOUT) {
            config.setAlignedCheckpointTimeout(Duration.ofMillis(5));
        }
    }
}
