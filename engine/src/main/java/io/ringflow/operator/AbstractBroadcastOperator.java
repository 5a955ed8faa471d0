package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.BaseBroadcastProcessFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReadOnlyBroadcastState;

import java.util.List;

/**
 * Base of the operators of {@code connect(broadcastStream).process(...)}: input 1 is the
 * non-broadcast side, input 2 the broadcast side (every record reaches every subtask). The
 * broadcast states are operator state of mode broadcast, kept even when the function keeps none.
 */
abstract class AbstractBroadcastOperator<K, IN1, IN2, OUT, F extends BaseBroadcastProcessFunction>
    extends TwoInputUdfOperator<K, IN1, IN2, OUT, F> {
    private final BroadcastStates broadcastStates;
    protected TimestampedCollector<OUT> collector;
    protected long currentTimestamp;

    AbstractBroadcastOperator(F function, KeySelector<IN1, K> keySelector, Codec<K> keyCodec,
                              List<MapStateDescriptor<?, ?>> descriptors) {
        super(function, keySelector, null, keyCodec, true);
        this.broadcastStates = new BroadcastStates(descriptors);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
        broadcastStates.open(operatorState());
    }

    protected void atRecord(long timestamp) {
        currentTimestamp = timestamp;
        collector.setTimestamp(timestamp);
    }

    /** What both sides' contexts offer. */
    abstract class BaseContext implements BaseBroadcastProcessFunction.BaseContext {
        @Override
        public long timestamp() {
            return currentTimestamp;
        }

        @Override
        public long currentProcessingTime() {
            return context.clock().currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            SideOutputRouting.emit(output, outputTag, value, currentTimestamp);
        }
    }

    /** The broadcast side's context base: the broadcast state is writable. */
    abstract class WritableContext extends BaseContext implements BaseBroadcastProcessFunction.Context {
        @Override
        public <KB, VB> BroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
            return broadcastStates.get(descriptor);
        }
    }

    /** The non-broadcast side's context base: the broadcast state is read-only. */
    abstract class ReadingContext extends BaseContext implements BaseBroadcastProcessFunction.ReadOnlyContext {
        @Override
        public <KB, VB> ReadOnlyBroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
            return broadcastStates.getReadOnly(descriptor);
        }
    }
}
