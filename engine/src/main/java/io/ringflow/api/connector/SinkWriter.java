package io.ringflow.api.connector;

/** Writes records on the sink task's thread. */
public interface SinkWriter<T> extends AutoCloseable {
    void write(T element, long timestamp) throws Exception;

    /** The watermark reached the sink (Flink's {@code writeWatermark}): every record it covers was written. Does nothing by default. */
    default void writeWatermark(long watermark) throws Exception {
    }

    /** All input has been written (end of a bounded input); flush what is buffered. */
    default void finish() throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
