package io.ringflow.api.connector;

/** Where a {@link SourceReader} emits records. */
public interface ReaderOutput<T> {
    /** Emits a record without an event timestamp (a timestamp assigner may give it one). */
    void collect(T record);

    void collect(T record, long timestamp);
}
