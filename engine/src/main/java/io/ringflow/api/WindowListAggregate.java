package io.ringflow.api;

import io.ringflow.api.functions.AggregateFunction;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record of a window, for a {@code process} function that wants them all. */
final class WindowListAggregate<T> implements AggregateFunction<T, List<T>, List<T>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<T> createAccumulator() {
        return new ArrayList<>();
    }

    @Override
    public List<T> add(T value, List<T> accumulator) {
        accumulator.add(value);
        return accumulator;
    }

    @Override
    public List<T> getResult(List<T> accumulator) {
        return accumulator;
    }

    @Override
    public List<T> merge(List<T> a, List<T> b) {
        a.addAll(b);
        return a;
    }
}
