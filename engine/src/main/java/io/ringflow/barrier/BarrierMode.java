package io.ringflow.barrier;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointingMode;

/** How a task treats barriers, derived from the checkpoint configuration. */
public enum BarrierMode {
    /** Hold each input at its barrier until all inputs reached it. */
    ALIGNED,
    /** Snapshot at the first barrier; persist the records the barrier overtook. */
    UNALIGNED,
    /** Start aligned; switch to unaligned when alignment exceeds the aligned-checkpoint timeout. */
    ALIGNED_WITH_TIMEOUT,
    /** Hold nothing; snapshot when every input reached the barrier. */
    AT_LEAST_ONCE;

    public static BarrierMode of(CheckpointConfig config) {
        if (config.getCheckpointingMode() == CheckpointingMode.AT_LEAST_ONCE) {
            return AT_LEAST_ONCE;
        }
        if (config.isUnalignedCheckpointsEnabled()) {
            return config.getAlignedCheckpointTimeoutMs() > 0 ? ALIGNED_WITH_TIMEOUT : UNALIGNED;
        }
        return ALIGNED;
    }
}
