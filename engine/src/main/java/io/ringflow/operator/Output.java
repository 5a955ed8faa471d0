package io.ringflow.operator;

/**
 * Where an operator emits: the next operator of its chain, one or more rings, or several of
 * these. Records travel with their event timestamp as a separate long, so nothing wraps them.
 */
public interface Output<T> {
    void collect(T record, long timestamp);

    void emitWatermark(long watermark);

    /** Idleness of the stream (Flink's watermark status): idle streams hold no watermark back. */
    void emitIdle(boolean idle);

    /** Where values tagged {@code tagId} go, or null when no stream reads that side output (they are dropped). */
    default <X> Output<X> sideOutput(String tagId) {
        return null;
    }
}
