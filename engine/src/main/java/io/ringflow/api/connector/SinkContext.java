package io.ringflow.api.connector;

/** The subtask a sink writer runs in. */
public interface SinkContext {
    int subtaskIndex();

    int parallelism();
}
