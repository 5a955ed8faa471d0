package io.ringflow.api;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.functions.RichFunction;

/**
 * A window reduce as an aggregate whose accumulator is the reduced record (null before the
 * first); opens and closes a rich reduce function with the operator.
 */
final class WindowReduceAggregate<T> extends RichFunction implements AggregateFunction<T, T, T> {
    private static final long serialVersionUID = 1L;
    private final ReduceFunction<T> reducer;

    WindowReduceAggregate(ReduceFunction<T> reducer) {
        this.reducer = reducer;
    }

    @Override
    public void open() throws Exception {
        if (reducer instanceof RichFunction rich) {
            rich.setRuntimeContext(getRuntimeContext());
            rich.open(io.ringflow.api.functions.OpenContext.DEFAULT);
        }
    }

    @Override
    public void close() throws Exception {
        if (reducer instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public T createAccumulator() {
        return null;
    }

    @Override
    public T add(T value, T accumulator) {
        return accumulator == null ? value : reduce(accumulator, value);
    }

    @Override
    public T getResult(T accumulator) {
        return accumulator;
    }

    @Override
    public T merge(T a, T b) {
        return reduce(a, b);
    }

    private T reduce(T a, T b) {
        try {
            return reducer.reduce(a, b);
        } catch (Exception e) {
            throw WindowReduceAggregate.<RuntimeException>sneaky(e); // the user's exception is the job's failure cause
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
