package io.ringflow.api.functions;

/** Combines two values of one type into one. */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    T reduce(T accumulated, T value) throws Exception;
}
