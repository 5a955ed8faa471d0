package io.ringflow.api.window;

import io.ringflow.api.metrics.MetricGroup;

import java.io.Serializable;

/**
 * Removes records from a window before or after its function runs, as Flink's {@code Evictor}.
 * A windowed stream with an evictor keeps every record of a window, with its timestamp, in keyed
 * state (no incremental aggregation) and aggregates what remains when the window fires. An
 * evictor removes a record through the elements' iterator ({@code Iterator.remove()}); they come in
 * arrival order.
 */
public interface Evictor<T, W extends Window> extends Serializable {
    /** Before the window function: removes records it must not see. {@code size} is the number of elements. */
    void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext evictorContext);

    /** After the window function: removes records the window must not keep for its next firing. */
    void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext evictorContext);

    /** What an evictor may ask of the operator. */
    interface EvictorContext {
        long getCurrentProcessingTime();

        MetricGroup getMetricGroup();

        long getCurrentWatermark();
    }
}
