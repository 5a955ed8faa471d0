package io.ringflow.api.functions;

import io.ringflow.api.window.Window;

/**
 * Turns the contents of one fired window of one key into output records, with the window, the
 * clock and the watermark at hand. Alone ({@code process}) it gets every record of the window;
 * after {@code reduce} or {@code aggregate} it gets the single pre-aggregated result.
 *
 * @param <IN>  what the window holds
 * @param <OUT> output records
 * @param <KEY> key
 * @param <W>   window
 */
public abstract class ProcessWindowFunction<IN, OUT, KEY, W extends Window> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void process(KEY key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /**
     * Called when the window is cleaned up (its end plus the allowed lateness has passed), as
     * Flink's: clear what was kept in {@link Context#windowState()} for it here.
     */
    public void clear(Context context) throws Exception {
    }

    /** What a firing window function sees besides the records; an inner class, as Flink's: write {@code Context context}. */
    public abstract class Context {
        public abstract W window();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** Emits {@code value} to the side output {@code outputTag}, at the window's last timestamp (as Flink). */
        public abstract <X> void output(io.ringflow.api.OutputTag<X> outputTag, X value);

        /**
         * Keyed state of this key and this window (checkpointed with the key), kept until
         * {@link ProcessWindowFunction#clear} removes it; not with merging (session) windows, as in Flink.
         */
        public abstract io.ringflow.api.state.KeyedStateStore windowState();

        /** Keyed state of this key across its windows (the keyed state the runtime context gives). */
        public abstract io.ringflow.api.state.KeyedStateStore globalState();
    }
}
