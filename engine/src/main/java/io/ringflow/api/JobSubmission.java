package io.ringflow.api;

import io.ringflow.graph.StreamGraph;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/** A job as the API hands it to the engine: its graph and every setting of its environment, already validated. */
public record JobSubmission(String jobName, StreamGraph graph, int parallelism, int maxParallelism, int ringSize,
                            int slotSize, Supplier<IdleStrategy> idleStrategy, Clock clock, long autoWatermarkIntervalMs,
                            CheckpointConfig checkpointConfig, RestartStrategy restartStrategy, String restore,
                            boolean allowNonRestoredState, boolean allowDuplicateOutput, int maxRecordSize,
                            long taskCancellationIntervalMs, long taskCancellationTimeoutMs) {
}
