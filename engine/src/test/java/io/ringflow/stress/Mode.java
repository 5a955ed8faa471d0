package io.ringflow.stress;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.storage.StorageOptions;

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
    MERGED,
    /**
     * Aligned with incremental checkpoints every 5 ms, {@code page-cache}, shared log files of 4 KB:
     * the logs roll every few links, and rolled files are recycled as soon as no checkpoint refers to them.
     */
    RECYCLED,
    /**
     * Unaligned with incremental checkpoints every millisecond, {@code page-cache}: barriers placed
     * faster than a backlogged task reaches them, checkpoints back to back.
     */
    MILLISECOND;

    static final long INTERVAL_MS = 50;
    static final long INCREMENTAL_INTERVAL_MS = 5;
    static final long SHORTEST_INTERVAL_MS = 1;

    long intervalMs() {
        return switch (this) {
            case INCREMENTAL, RECYCLED -> INCREMENTAL_INTERVAL_MS;
            case MILLISECOND -> SHORTEST_INTERVAL_MS;
            default -> INTERVAL_MS;
        };
    }

    /** Exactly-once modes commit through the two-phase-commit sink and are checked strictly. */
    boolean exactlyOnce() {
        return this != AT_LEAST_ONCE;
    }

    void configure(StreamEnvironment env) {
        env.enableCheckpointing(intervalMs(), exactlyOnce() ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        CheckpointConfig config = env.getCheckpointConfig();
        if (this == UNALIGNED || this == ALIGNED_TIMEOUT || this == INCREMENTAL || this == MERGED || this == MILLISECOND) {
            config.enableUnalignedCheckpoints();
        }
        if (this == MERGED) {
            config.storage().fileMerging(true).memoryThreshold(0);
        }
        if (this == INCREMENTAL || this == RECYCLED || this == MILLISECOND) {
            config.enableIncrementalCheckpoints(true);
        }
        if (this == RECYCLED) {
            config.storage().durability(StorageOptions.Durability.PAGE_CACHE).maxFileSize(StorageOptions.MIN_MAX_FILE_SIZE);
        }
        if (this == MILLISECOND) {
            config.storage().durability(StorageOptions.Durability.PAGE_CACHE);
        }
        if (this == ALIGNED_TIMEOUT) {
            config.setAlignedCheckpointTimeout(Duration.ofMillis(5));
        }
    }
}
