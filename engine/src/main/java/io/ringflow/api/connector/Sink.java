package io.ringflow.api.connector;

import java.io.Serializable;

/** A description of output, turned into one writer per parallel sink subtask. */
public interface Sink<T> extends Serializable {
    SinkWriter<T> createWriter(SinkContext context) throws Exception;

    /**
     * True when the sink makes output visible when a checkpoint completes (two-phase commit): a
     * restore from an older checkpoint than one it committed would then commit output twice.
     */
    default boolean commitsAtCheckpoints() {
        return false;
    }
}
