package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;
import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;

/**
 * A keyed function over two connected streams: each record of either input is processed with its
 * key set, so both inputs share the key's state ({@link #getRuntimeContext()}) and timers.
 *
 * @param <K>   key, of both inputs
 * @param <IN1> records of the first input
 * @param <IN2> records of the second input
 * @param <OUT> output records
 */
public abstract class KeyedCoProcessFunction<K, IN1, IN2, OUT> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered through {@link Context#timerService()} fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
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
}
