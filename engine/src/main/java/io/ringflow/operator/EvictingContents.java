package io.ringflow.operator;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of a window, kept whole so that an evictor can remove some when it fires; the
 * aggregate runs over what remains, as in Flink's {@code EvictingWindowOperator}.
 */
public final class EvictingContents<IN, ACC, R> implements WindowContents<IN, List<IN>, R> {
    private static final long serialVersionUID = 1L;
    private final AggregateFunction<IN, ACC, R> aggregate;
    private final Evictor<Object, Window> evictor;

    @SuppressWarnings("unchecked")
    public EvictingContents(AggregateFunction<IN, ACC, R> aggregate, Evictor<?, ?> evictor) {
        this.aggregate = aggregate;
        this.evictor = (Evictor<Object, Window>) evictor;
    }

    @Override
    public List<IN> add(IN value, List<IN> contents) {
        List<IN> records = contents == null ? new ArrayList<>() : contents;
        records.add(value);
        return records;
    }

    @Override
    public List<IN> merge(List<IN> a, List<IN> b) {
        a.addAll(b);
        return a;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R result(List<IN> contents, Window window) throws Exception {
        evictor.evictBefore((List<Object>) contents, window);
        ACC accumulator = aggregate.createAccumulator();
        for (IN value : contents) {
            accumulator = aggregate.add(value, accumulator);
        }
        R result = aggregate.getResult(accumulator);
        evictor.evictAfter((List<Object>) contents, window);
        return result;
    }

    @Override
    public Object userFunction() {
        return aggregate;
    }
}
