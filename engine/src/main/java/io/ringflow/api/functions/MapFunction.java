package io.ringflow.api.functions;

/** Transforms one record into one record. */
@FunctionalInterface
public interface MapFunction<T, R> extends Function {
    R map(T value) throws Exception;
}
