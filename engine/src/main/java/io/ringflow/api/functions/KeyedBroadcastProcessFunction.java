package io.ringflow.api.functions;

import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;
import io.ringflow.api.state.KeyedStateFunction;
import io.ringflow.api.state.State;
import io.ringflow.api.state.StateDescriptor;

/**
 * A function over a keyed stream connected with a broadcast stream, as in Flink: the keyed side
 * has keyed state ({@link #getRuntimeContext()}) and timers and reads the broadcast state; the
 * broadcast side changes the broadcast state and may visit every key's state with
 * {@link Context#applyToKeyedState}.
 *
 * @param <K>   key of the keyed input
 * @param <IN1> records of the keyed input
 * @param <IN2> records of the broadcast input
 * @param <OUT> output records
 */
public abstract class KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> extends BaseBroadcastProcessFunction {
    private static final long serialVersionUID = 1L;

    /** A record of the keyed input, its key set; the broadcast state is read-only here. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /** A record of the broadcast input, seen by every subtask; no key is set. */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered through {@link ReadOnlyContext#timerService()} fires, its key set. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /** The broadcast side's context; an inner class, as Flink's: write {@code Context ctx}. */
    public abstract class Context implements BaseBroadcastProcessFunction.Context {
        /**
         * Runs {@code function} for every key of this subtask that has a value in the state of
         * {@code stateDescriptor}, with that key's state; the function may change or clear it.
         */
        public abstract <S extends State, V> void applyToKeyedState(StateDescriptor<V> stateDescriptor,
                                                                    KeyedStateFunction<K, S> function) throws Exception;
    }

    /** The keyed side's context; an inner class, as Flink's: write {@code ReadOnlyContext ctx}. */
    public abstract class ReadOnlyContext implements BaseBroadcastProcessFunction.ReadOnlyContext {
        public abstract K getCurrentKey();

        public abstract TimerService timerService();
    }

    /** Context of one firing timer. */
    public abstract class OnTimerContext extends ReadOnlyContext {
        public abstract TimeDomain timeDomain();
    }
}
