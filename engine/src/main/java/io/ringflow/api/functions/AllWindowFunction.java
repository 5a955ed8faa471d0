package io.ringflow.api.functions;

import io.ringflow.api.window.Window;

/**
 * Flink's legacy {@code AllWindowFunction} of {@code windowAll(...).apply(f)}: every record of one
 * fired window; {@link ProcessAllWindowFunction} is the newer shape with a context.
 *
 * @param <IN>  records
 * @param <OUT> output records
 * @param <W>   window
 */
@FunctionalInterface
public interface AllWindowFunction<IN, OUT, W extends Window> extends Function {
    void apply(W window, Iterable<IN> values, Collector<OUT> out) throws Exception;
}
