package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.Clock;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/** The settings of one job run, fixed when it starts. */
public record JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize,
                        Supplier<IdleStrategy> idleStrategy, Clock clock, long autoWatermarkIntervalMs,
                        CheckpointConfig checkpointConfig, int maxRecordSize) {
    /** With the default largest record, 1 MB. */
    public JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize, Supplier<IdleStrategy> idleStrategy,
                     Clock clock, long autoWatermarkIntervalMs, CheckpointConfig checkpointConfig) {
        this(jobName, maxParallelism, ringSize, slotSize, idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig,
            io.ringflow.channel.Channel.DEFAULT_MAX_RECORD_SIZE);
    }
}
