package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ProcessFunction;

/** {@code DataStream.process}: a process function, with keyed state (no timers) on a keyed stream. */
public final class ProcessOperator<IN, OUT> extends UdfOperator<IN, OUT, ProcessFunction<IN, OUT>>
    implements ProcessFunction.Context {
    private TimestampedCollector<OUT> collector;
    private long currentTimestamp;
    private long currentWatermark = Long.MIN_VALUE;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    /** On a keyed stream: the function may use keyed state. */
    public ProcessOperator(ProcessFunction<IN, OUT> function, KeySelector<IN, ?> keySelector, Codec<?> keyCodec) {
        super(function, keySelector, keyCodec);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    protected void processRecord(IN value, long timestamp) throws Exception {
        currentTimestamp = timestamp;
        collector.setTimestamp(timestamp);
        function.processElement(value, this, collector);
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        super.processWatermark(watermark);
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
