package io.ringflow.operator;

import io.ringflow.api.functions.FlatMapFunction;

/** {@code DataStream.flatMap}. */
public final class FlatMapOperator<IN, OUT> extends UdfOperator<IN, OUT, FlatMapFunction<IN, OUT>> {
    private TimestampedCollector<OUT> collector;

    public FlatMapOperator(FlatMapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        collector.setTimestamp(timestamp);
        function.flatMap(value, collector);
    }
}
