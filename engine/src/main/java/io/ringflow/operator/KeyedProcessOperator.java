package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;
import io.ringflow.api.functions.TimerService;

/** {@code KeyedStream.process}: runs a {@link KeyedProcessFunction} with keyed state and timers. */
public final class KeyedProcessOperator<K, IN, OUT> extends AbstractKeyedOperator<K, IN, OUT>
    implements TimerService {
    private final KeyedProcessFunction<K, IN, OUT> function;
    private TimestampedCollector<OUT> collector;
    private long currentTimestamp;
    private TimeDomain timeDomain;
    private UserFunctionState functionState;
    private KeyedProcessFunction<K, IN, OUT>.OnTimerContext ctx; // Flink's inner context class, made once

    public KeyedProcessOperator(KeyedProcessFunction<K, IN, OUT> function, KeySelector<IN, K> keySelector,
                                Codec<K> keyCodec) {
        super(keySelector, keyCodec);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        super.open();
        collector = new TimestampedCollector<>(output);
        function.setRuntimeContext(new StreamingRuntimeContext(context, keyedState));
        functionState = new UserFunctionState(function);
        functionState.initialize(keyedState, context.restored());
        ctx = function.new OnTimerContext() {
            @Override
            public long timestamp() {
                return currentTimestamp;
            }

            @Override
            public K getCurrentKey() {
                return keyedState.getCurrentKey();
            }

            @Override
            public TimerService timerService() {
                return KeyedProcessOperator.this;
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                SideOutputRouting.emit(output, outputTag, value, currentTimestamp);
            }

            @Override
            public TimeDomain timeDomain() {
                return timeDomain;
            }
        };
        function.open(io.ringflow.api.functions.OpenContext.DEFAULT);
    }

    @Override
    protected void processKeyed(IN value, long timestamp) throws Exception {
        currentTimestamp = timestamp;
        timeDomain = null;
        collector.setTimestamp(timestamp);
        function.processElement(value, ctx, collector);
    }

    @Override
    protected void onEventTime(K key, long timestamp) throws Exception {
        fire(timestamp, TimeDomain.EVENT_TIME);
    }

    @Override
    protected void onProcessingTime(K key, long timestamp) throws Exception {
        fire(timestamp, TimeDomain.PROCESSING_TIME);
    }

    private void fire(long timestamp, TimeDomain domain) throws Exception {
        currentTimestamp = domain == TimeDomain.EVENT_TIME ? timestamp : Long.MIN_VALUE;
        timeDomain = domain;
        collector.setTimestamp(currentTimestamp);
        function.onTimer(timestamp, ctx, collector);
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        return snapshotKeyed(checkpointId, functionState.snapshot(checkpointId));
    }

    @Override
    public boolean usesUnionListState() {
        return functionState != null && functionState.usesUnionListState();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        functionState.notifyComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        functionState.notifyAborted(checkpointId);
    }

    private K getCurrentKey() {
        return keyedState.getCurrentKey();
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
    public void registerEventTimeTimer(long time) {
        timers.registerEventTimeTimer(getCurrentKey(), time);
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        registerProcessingTimeTimer(getCurrentKey(), time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        timers.deleteEventTimeTimer(getCurrentKey(), time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        timers.deleteProcessingTimeTimer(getCurrentKey(), time);
    }

}
