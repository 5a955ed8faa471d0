package io.ringflow.api.functions;

/** Transforms one record into zero or more records. */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Function {
    void flatMap(T value, Collector<R> out) throws Exception;
}
