package io.ringflow.operator;

import io.ringflow.api.functions.MapFunction;

/** {@code DataStream.map}. */
public final class MapOperator<IN, OUT> extends UdfOperator<IN, OUT, MapFunction<IN, OUT>> {
    public MapOperator(MapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        output.collect(function.map(value), timestamp);
    }
}
