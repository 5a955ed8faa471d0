package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.CoMapFunction;
import io.ringflow.api.functions.KeySelector;

/** {@code ConnectedStreams.map}; keyed (state, no timers) after {@code keyBy}. */
public final class CoMapOperator<K, IN1, IN2, OUT> extends TwoInputUdfOperator<K, IN1, IN2, OUT, CoMapFunction<IN1, IN2, OUT>> {
    /** Key selectors and codec are null when the inputs are not keyed. */
    public CoMapOperator(CoMapFunction<IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
                         KeySelector<IN2, K> keySelector2, Codec<K> keyCodec) {
        super(function, keySelector1, keySelector2, keyCodec);
    }

    @Override
    protected void process1(IN1 value, long timestamp) throws Exception {
        output.collect(function.map1(value), timestamp);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        output.collect(function.map2(value), timestamp);
    }
}
