package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;

/** {@code DataStream.map}, with keyed state on a keyed stream. */
public final class MapOperator<IN, OUT> extends UdfOperator<IN, OUT, MapFunction<IN, OUT>> {
    public MapOperator(MapFunction<IN, OUT> function) {
        super(function);
    }

    /** On a keyed stream: the function may use keyed state. */
    public MapOperator(MapFunction<IN, OUT> function, KeySelector<IN, ?> keySelector, Codec<?> keyCodec) {
        super(function, keySelector, keyCodec);
    }

    @Override
    protected void processRecord(IN value, long timestamp) throws Exception {
        output.collect(function.map(value), timestamp);
    }
}
