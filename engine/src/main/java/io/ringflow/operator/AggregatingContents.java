package io.ringflow.operator;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.window.Window;

/** A window's accumulator, updated as records arrive (reduce, aggregate, or the record list of process). */
public final class AggregatingContents<IN, ACC, R> implements WindowContents<IN, ACC, R> {
    private static final long serialVersionUID = 1L;
    private final AggregateFunction<IN, ACC, R> aggregate;

    public AggregatingContents(AggregateFunction<IN, ACC, R> aggregate) {
        this.aggregate = aggregate;
    }

    @Override
    public ACC add(IN value, long timestamp, ACC contents) throws Exception {
        return aggregate.add(value, contents == null ? aggregate.createAccumulator() : contents);
    }

    @Override
    public ACC merge(ACC a, ACC b) {
        return aggregate.merge(a, b);
    }

    @Override
    public R result(ACC contents, Window window, io.ringflow.api.window.Evictor.EvictorContext context) {
        return aggregate.getResult(contents);
    }

    @Override
    public Object userFunction() {
        return aggregate;
    }
}
