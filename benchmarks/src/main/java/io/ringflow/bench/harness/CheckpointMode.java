package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.storage.StorageOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The checkpointing variants of the workloads, configured as WORKLOADS.md fixes them: heap
 * state, full snapshots (incremental ones on request) written asynchronously into files under a
 * fresh directory per job, only the latest checkpoint retained, every other option at its
 * (Flink) default.
 */
enum CheckpointMode {
    NONE("none"),
    ALIGNED("aligned"),
    UNALIGNED("unaligned"),
    AT_LEAST_ONCE("at_least_once");

    private final String jsonName;

    CheckpointMode(String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }

    boolean checkpoints() {
        return this != NONE;
    }

    /**
     * Configures {@code env} for this mode; {@code dir} receives the checkpoint files (unused by
     * {@link #NONE}), {@code durability} is {@code flush} or {@code page-cache}; {@code incremental}
     * writes only the keyed state changed since the last completed checkpoint.
     */
    void enable(StreamEnvironment env, Duration interval, Path dir, String durability, boolean incremental,
                boolean fileMerging) {
        if (this == NONE) {
            return;
        }
        env.enableCheckpointing(interval.toMillis(),
            this == AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        if (this == UNALIGNED) {
            // Aligned-checkpoint timeout stays 0: unaligned from the first barrier on.
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        env.getCheckpointConfig().enableIncrementalCheckpoints(incremental);
        env.getCheckpointConfig().storage().checkpointsDir(dir).numRetained(1)
            .set(StorageOptions.DURABILITY, durability).set(StorageOptions.FILE_MERGING, Boolean.toString(fileMerging));
    }

    static CheckpointMode byName(String name) {
        for (CheckpointMode mode : values()) {
            if (mode.jsonName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; use none, aligned, unaligned or at_least_once");
    }
}
