package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;

/**
 * The lowest-level keyed function: sees each record with its key, keyed state through
 * {@link #getRuntimeContext()}, and event-time and processing-time timers.
 *
 * @param <K> key
 * @param <I> input records
 * @param <O> output records
 */
public abstract class KeyedProcessFunction<K, I, O> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** Context of one record; an inner class, as Flink's: write {@code Context ctx}. */
    public abstract class Context {
        /** The record's event timestamp, or {@code Long.MIN_VALUE} when it has none. */
        public abstract long timestamp();

        public abstract K getCurrentKey();

        public abstract TimerService timerService();

        /** Emits {@code value} to the side output {@code outputTag}, with the current timestamp. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }

    /** Context of one firing timer. */
    public abstract class OnTimerContext extends Context {
        public abstract TimeDomain timeDomain();
    }

    /** Which clock fired a timer. */
    public enum TimeDomain { EVENT_TIME, PROCESSING_TIME }
}
