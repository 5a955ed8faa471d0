package io.ringflow.demo;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/** Keeps each symbol's total traded volume in keyed state and passes every trade on. */
final class RunningVolume extends KeyedProcessFunction<String, Trade, Trade> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> volume;

    @Override
    public void open() {
        volume = getRuntimeContext().getState(new ValueStateDescriptor<>("volume", Codecs.LONG));
    }

    @Override
    public void processElement(Trade trade, Context ctx, Collector<Trade> out) {
        Long total = volume.value();
        volume.update((total == null ? 0 : total) + trade.quantity());
        out.collect(trade);
    }
}
