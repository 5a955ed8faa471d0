package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.functions.ProcessFunction;

/** {@code DataStream.process}: a non-keyed process function. */
public final class ProcessOperator<IN, OUT> extends UdfOperator<IN, OUT, ProcessFunction<IN, OUT>>
    implements ProcessFunction.Context {
    private TimestampedCollector<OUT> collector;
    private long currentTimestamp;
    private long currentWatermark = Long.MIN_VALUE;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
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
