package io.ringflow.api.functions;

/**
 * Incremental aggregation of a window: records are added to an accumulator as they arrive and
 * the result is taken once when the window fires.
 *
 * @param <IN>  input records
 * @param <ACC> accumulator, kept in keyed state (it needs a codec)
 * @param <OUT> the window's result
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {
    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    ACC merge(ACC a, ACC b);
}
