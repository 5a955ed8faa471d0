package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/** {@code KeyedStream.reduce}: keeps each key's reduced value and emits it after every record. */
public final class ReduceOperator<K, T> extends AbstractKeyedOperator<K, T, T> {
    private final ReduceFunction<T> reducer;
    private final Codec<T> valueCodec;
    private ValueState<T> reduced;

    public ReduceOperator(ReduceFunction<T> reducer, KeySelector<T, K> keySelector, Codec<K> keyCodec, Codec<T> valueCodec) {
        super(keySelector, keyCodec);
        this.reducer = reducer;
        this.valueCodec = valueCodec;
    }

    @Override
    public void open() throws Exception {
        super.open();
        reduced = keyedState.getState(new ValueStateDescriptor<>("reduce", valueCodec));
        openFunction(reducer);
    }

    @Override
    public void close() throws Exception {
        closeFunction(reducer);
    }

    @Override
    protected void processKeyed(T value, long timestamp) throws Exception {
        T current = reduced.value();
        T next = current == null ? value : reducer.reduce(current, value);
        reduced.update(next);
        output.collect(next, timestamp);
    }
}
