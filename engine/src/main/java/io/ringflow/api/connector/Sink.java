package io.ringflow.api.connector;

import java.io.Serializable;

/** A description of output, turned into one writer per parallel sink subtask. */
public interface Sink<T> extends Serializable {
    SinkWriter<T> createWriter(SinkContext context) throws Exception;
}
