package io.ringflow.api.connector;

/** The subtask a reader runs in. */
public interface SourceReaderContext {
    int subtaskIndex();

    int parallelism();

    /** Processing time in epoch milliseconds, from the job's clock. */
    long currentTimeMillis();
}
