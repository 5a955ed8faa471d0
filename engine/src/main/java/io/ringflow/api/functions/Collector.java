package io.ringflow.api.functions;

/** Receives the records a function emits. */
public interface Collector<T> {
    void collect(T record);

    /** As Flink's: the engine owns the collector's life, so closing it does nothing. */
    default void close() {
    }
}
