package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.CoFlatMapFunction;
import io.ringflow.api.functions.KeySelector;

/** {@code ConnectedStreams.flatMap}; keyed (state, no timers) after {@code keyBy}. */
public final class CoFlatMapOperator<K, IN1, IN2, OUT>
    extends TwoInputUdfOperator<K, IN1, IN2, OUT, CoFlatMapFunction<IN1, IN2, OUT>> {
    private TimestampedCollector<OUT> collector;

    /** Key selectors and codec are null when the inputs are not keyed. */
    public CoFlatMapOperator(CoFlatMapFunction<IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
                             KeySelector<IN2, K> keySelector2, Codec<K> keyCodec) {
        super(function, keySelector1, keySelector2, keyCodec);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    protected void process1(IN1 value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap1(value, collector);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap2(value, collector);
    }
}
