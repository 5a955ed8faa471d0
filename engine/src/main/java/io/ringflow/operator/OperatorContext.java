package io.ringflow.operator;

import io.ringflow.api.Clock;
import io.ringflow.runtime.JobConfig;
import io.ringflow.storage.metadata.KeyGroupRange;

/**
 * What an operator instance knows of where it runs; {@code restored} is null on a fresh start,
 * {@code attempt} counts the job's execution attempts from 0 (one more after each restart),
 * {@code savepoints} tells a checkpoint id that is a savepoint's (self-contained, never incremental).
 */
public record OperatorContext(String operatorName, String uid, String taskName, int subtaskIndex, int parallelism,
                              int maxParallelism, KeyGroupRange keyGroupRange, JobConfig config,
                              ProcessingTimeScheduler scheduler, io.ringflow.restore.RestoredState restored, int attempt,
                              java.util.function.LongPredicate savepoints) {
    /** A context of an operator with the job's max parallelism. */
    public OperatorContext(String operatorName, String uid, String taskName, int subtaskIndex, int parallelism,
                           KeyGroupRange keyGroupRange, JobConfig config, ProcessingTimeScheduler scheduler,
                           io.ringflow.restore.RestoredState restored, int attempt,
                           java.util.function.LongPredicate savepoints) {
        this(operatorName, uid, taskName, subtaskIndex, parallelism, config.maxParallelism(), keyGroupRange, config,
            scheduler, restored, attempt, savepoints);
    }

    /** A context where no checkpoint is a savepoint. */
    public OperatorContext(String operatorName, String uid, String taskName, int subtaskIndex, int parallelism,
                           KeyGroupRange keyGroupRange, JobConfig config, ProcessingTimeScheduler scheduler,
                           io.ringflow.restore.RestoredState restored, int attempt) {
        this(operatorName, uid, taskName, subtaskIndex, parallelism, keyGroupRange, config, scheduler, restored, attempt,
            id -> false);
    }

    /** A context of the first attempt. */
    public OperatorContext(String operatorName, String uid, String taskName, int subtaskIndex, int parallelism,
                           KeyGroupRange keyGroupRange, JobConfig config, ProcessingTimeScheduler scheduler,
                           io.ringflow.restore.RestoredState restored) {
        this(operatorName, uid, taskName, subtaskIndex, parallelism, keyGroupRange, config, scheduler, restored, 0);
    }

    public String describe() {
        return "'" + operatorName + "' (" + (subtaskIndex + 1) + "/" + parallelism + ")";
    }

    public Clock clock() {
        return config.clock();
    }
}
