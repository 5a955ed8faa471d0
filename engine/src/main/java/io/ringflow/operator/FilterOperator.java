package io.ringflow.operator;

import io.ringflow.api.functions.FilterFunction;

/** {@code DataStream.filter}. */
public final class FilterOperator<T> extends UdfOperator<T, T, FilterFunction<T>> {
    public FilterOperator(FilterFunction<T> function) {
        super(function);
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        if (function.filter(value)) {
            output.collect(value, timestamp);
        }
    }
}
