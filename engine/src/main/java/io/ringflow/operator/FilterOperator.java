package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.FilterFunction;

/** {@code DataStream.filter}, with keyed state on a keyed stream. */
public final class FilterOperator<T> extends UdfOperator<T, T, FilterFunction<T>> {
    public FilterOperator(FilterFunction<T> function) {
        super(function);
    }

    /** On a keyed stream: the function may use keyed state. */
    public FilterOperator(FilterFunction<T> function, KeySelector<T, ?> keySelector, Codec<?> keyCodec) {
        super(function, keySelector, keyCodec);
    }

    @Override
    protected void processRecord(T value, long timestamp) throws Exception {
        if (function.filter(value)) {
            output.collect(value, timestamp);
        }
    }
}
