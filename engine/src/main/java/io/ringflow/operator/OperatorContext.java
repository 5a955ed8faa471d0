package io.ringflow.operator;

import io.ringflow.api.Clock;
import io.ringflow.runtime.JobConfig;
import io.ringflow.storage.metadata.KeyGroupRange;

/** What an operator instance knows of where it runs; {@code restored} is null on a fresh start. */
public record OperatorContext(String operatorName, String uid, String taskName, int subtaskIndex, int parallelism,
                              KeyGroupRange keyGroupRange, JobConfig config, ProcessingTimeScheduler scheduler,
                              io.ringflow.restore.RestoredState restored) {
    public String describe() {
        return "'" + operatorName + "' (" + (subtaskIndex + 1) + "/" + parallelism + ")";
    }

    public int maxParallelism() {
        return config.maxParallelism();
    }

    public Clock clock() {
        return config.clock();
    }
}
