package io.ringflow.api.functions;

import io.ringflow.api.state.KeyedStateStore;

/**
 * What a rich function sees of the subtask that runs it. Keyed state is available only to
 * functions applied to a {@code KeyedStream}.
 */
public interface RuntimeContext extends KeyedStateStore {
    String getTaskName();

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    int getMaxNumberOfParallelSubtasks();

    /** Which execution attempt of the job this is: 0 at first, one more after each restart (a failover). */
    int getAttemptNumber();
}
