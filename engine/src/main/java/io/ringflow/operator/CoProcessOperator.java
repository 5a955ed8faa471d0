package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.KeySelector;

/** {@code ConnectedStreams.process(CoProcessFunction)}; keyed (state, no timers) after {@code keyBy}. */
public final class CoProcessOperator<K, IN1, IN2, OUT>
    extends TwoInputUdfOperator<K, IN1, IN2, OUT, CoProcessFunction<IN1, IN2, OUT>> implements CoProcessFunction.Context {
    private TimestampedCollector<OUT> collector;
    private long currentTimestamp;

    /** Key selectors and codec are null when the inputs are not keyed. */
    public CoProcessOperator(CoProcessFunction<IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
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
        currentTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement1(value, this, collector);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        currentTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement2(value, this, collector);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        currentTimestamp = Long.MIN_VALUE;
        collector.setTimestamp(Long.MIN_VALUE);
        function.endInput(inputId, collector);
    }

    @Override
    public long timestamp() {
        return currentTimestamp;
    }

    @Override
    public long currentWatermark() {
        return currentWatermark;
    }

    @Override
    public long currentProcessingTime() {
        return context.clock().currentTimeMillis();
    }

    @Override
    public <X> void output(OutputTag<X> outputTag, X value) {
        SideOutputRouting.emit(output, outputTag, value, currentTimestamp);
    }
}
