package io.ringflow.api.functions;

import io.ringflow.api.window.TimeWindow;

/**
 * Turns the contents of one fired window of one key into output records. With
 * {@code aggregate(agg, windowFunction)} the input is the aggregate's single result.
 */
@FunctionalInterface
public interface WindowFunction<IN, OUT, K> extends Function {
    void apply(K key, TimeWindow window, Iterable<IN> input, Collector<OUT> out) throws Exception;
}
