package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.Clock;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/** The settings of one job run, fixed when it starts. */
public record JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize,
                        Supplier<IdleStrategy> idleStrategy, Clock clock, long autoWatermarkIntervalMs,
                        CheckpointConfig checkpointConfig, int maxRecordSize, long taskCancellationIntervalMs,
                        long taskCancellationTimeoutMs, boolean allowDuplicateOutput, String jobId,
                        java.util.Map<String, String> globalJobParameters) {
    /** A job with an id of its own (32 hex digits, as Flink's JobID) and no global job parameters. */
    public JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize, Supplier<IdleStrategy> idleStrategy,
                     Clock clock, long autoWatermarkIntervalMs, CheckpointConfig checkpointConfig, int maxRecordSize,
                     long taskCancellationIntervalMs, long taskCancellationTimeoutMs, boolean allowDuplicateOutput) {
        this(jobName, maxParallelism, ringSize, slotSize, idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig,
            maxRecordSize, taskCancellationIntervalMs, taskCancellationTimeoutMs, allowDuplicateOutput,
            java.util.UUID.randomUUID().toString().replace("-", ""), java.util.Map.of());
    }

    /** Without execution.recovery.allow-duplicate-output. */
    public JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize, Supplier<IdleStrategy> idleStrategy,
                     Clock clock, long autoWatermarkIntervalMs, CheckpointConfig checkpointConfig, int maxRecordSize,
                     long taskCancellationIntervalMs, long taskCancellationTimeoutMs) {
        this(jobName, maxParallelism, ringSize, slotSize, idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig,
            maxRecordSize, taskCancellationIntervalMs, taskCancellationTimeoutMs, false);
    }

    /** Flink's defaults: a stuck cancelled task is interrupted every 30 s and given up after 180 s. */
    public JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize, Supplier<IdleStrategy> idleStrategy,
                     Clock clock, long autoWatermarkIntervalMs, CheckpointConfig checkpointConfig, int maxRecordSize) {
        this(jobName, maxParallelism, ringSize, slotSize, idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig,
            maxRecordSize, 30_000, 180_000);
    }

    /** With the default largest record, 1 MB. */
    public JobConfig(String jobName, int maxParallelism, int ringSize, int slotSize, Supplier<IdleStrategy> idleStrategy,
                     Clock clock, long autoWatermarkIntervalMs, CheckpointConfig checkpointConfig) {
        this(jobName, maxParallelism, ringSize, slotSize, idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig,
            io.ringflow.channel.Channel.DEFAULT_MAX_RECORD_SIZE);
    }
}
