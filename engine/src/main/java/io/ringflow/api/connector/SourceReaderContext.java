package io.ringflow.api.connector;

/** The subtask a reader runs in. */
public interface SourceReaderContext {
    int subtaskIndex();

    int parallelism();

    /** Which execution attempt of the job this is: 0 at first, one more after each restart. */
    default int attemptNumber() {
        return 0;
    }

    /** The job's name, for the reader's metrics. */
    default String jobName() {
        return "";
    }

    /** The source operator's name, for the reader's metrics. */
    default String operatorName() {
        return "";
    }

    /** Processing time in epoch milliseconds, from the job's clock. */
    long currentTimeMillis();
}
