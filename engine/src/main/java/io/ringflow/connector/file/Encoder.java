package io.ringflow.connector.file;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/** Writes one record into a part file, as Flink's {@code Encoder}. */
@FunctionalInterface
public interface Encoder<IN> extends Serializable {
    void encode(IN element, OutputStream stream) throws IOException;
}
