package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.FlatMapFunction;

/** {@code DataStream.flatMap}, with keyed state on a keyed stream. */
public final class FlatMapOperator<IN, OUT> extends UdfOperator<IN, OUT, FlatMapFunction<IN, OUT>> {
    private TimestampedCollector<OUT> collector;

    public FlatMapOperator(FlatMapFunction<IN, OUT> function) {
        super(function);
    }

    /** On a keyed stream: the function may use keyed state. */
    public FlatMapOperator(FlatMapFunction<IN, OUT> function, KeySelector<IN, ?> keySelector, Codec<?> keyCodec) {
        super(function, keySelector, keyCodec);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    protected void processRecord(IN value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap(value, collector);
    }
}
