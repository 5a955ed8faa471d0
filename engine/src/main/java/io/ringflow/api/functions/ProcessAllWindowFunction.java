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

    public abstract void process(Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** Called when the window is cleaned up, as {@link ProcessWindowFunction#clear}: clear its {@code windowState()} here. */
    public void clear(Context context) throws Exception {
    }

    /** What a firing window function sees besides the records; an inner class, as Flink's: write {@code Context context}. */
    public abstract class Context {
        public abstract W window();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** Emits {@code value} to the side output {@code outputTag}, at the window's last timestamp (as Flink). */
        public abstract <X> void output(io.ringflow.api.OutputTag<X> outputTag, X value);

        /** State of the window, as {@link ProcessWindowFunction.Context#windowState()}. */
        public abstract io.ringflow.api.state.KeyedStateStore windowState();

        /** State across windows (the one key of {@code windowAll}). */
        public abstract io.ringflow.api.state.KeyedStateStore globalState();
    }
}
