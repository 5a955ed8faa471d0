package io.ringflow.api.functions;

import io.ringflow.api.window.Window;

/**
 * {@link ProcessWindowFunction} for {@code windowAll}: one window over all records of the stream.
 *
 * @param <IN>  what the window holds
 * @param <OUT> output records
 * @param <W>   window
 */
public abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void process(Context<W> context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** Called when the window is cleaned up, as {@link ProcessWindowFunction#clear}: clear its {@code windowState()} here. */
    public void clear(Context<W> context) throws Exception {
    }

    /** What a firing window function sees besides the records. */
    public interface Context<W extends Window> extends ProcessWindowFunction.Context<W> {
    }
}
