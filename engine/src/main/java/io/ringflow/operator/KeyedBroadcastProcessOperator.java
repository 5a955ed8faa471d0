package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;
import io.ringflow.api.functions.TimerService;
import io.ringflow.api.OutputTag;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.ReadOnlyBroadcastState;
import io.ringflow.api.state.KeyedStateFunction;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.State;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.api.state.ValueStateDescriptor;

import java.util.List;

/**
 * {@code keyed.connect(broadcastStream).process(KeyedBroadcastProcessFunction)}: input 1 is keyed
 * and has keyed state and timers; input 2, the broadcast side, has no key and may visit every
 * key's state of this subtask with {@code applyToKeyedState}.
 */
public final class KeyedBroadcastProcessOperator<K, IN1, IN2, OUT>
    extends AbstractBroadcastOperator<K, IN1, IN2, OUT, KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>> {
    private final KeyedContext readOnlyContext = new KeyedContext();
    private final BroadcastSideContext broadcastContext = new BroadcastSideContext();
    private TimerService timerService;
    private TimeDomain timeDomain;
    // Flink's inner context classes of the function, made once, over the contexts above
    private KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>.OnTimerContext keyedView;
    private KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>.Context broadcastView;

    public KeyedBroadcastProcessOperator(KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
                                         KeySelector<IN1, K> keySelector, Codec<K> keyCodec,
                                         List<MapStateDescriptor<?, ?>> descriptors) {
        super(function, keySelector, keyCodec, descriptors);
    }

    @Override
    public void open() throws Exception {
        super.open();
        timerService = new KeyedTimerService<>(keyed, context, () -> currentWatermark);
        keyedView = function.new OnTimerContext() {
            @Override
            public long timestamp() {
                return readOnlyContext.timestamp();
            }

            @Override
            public long currentProcessingTime() {
                return readOnlyContext.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return readOnlyContext.currentWatermark();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                readOnlyContext.output(outputTag, value);
            }

            @Override
            public <KB, VB> ReadOnlyBroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
                return readOnlyContext.getBroadcastState(descriptor);
            }

            @Override
            public K getCurrentKey() {
                return keyed.state.getCurrentKey();
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            public TimeDomain timeDomain() {
                return timeDomain;
            }
        };
        broadcastView = function.new Context() {
            @Override
            public long timestamp() {
                return broadcastContext.timestamp();
            }

            @Override
            public long currentProcessingTime() {
                return broadcastContext.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return broadcastContext.currentWatermark();
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                broadcastContext.output(outputTag, value);
            }

            @Override
            public <KB, VB> BroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
                return broadcastContext.getBroadcastState(descriptor);
            }

            @Override
            public <S extends State, V> void applyToKeyedState(StateDescriptor<V> descriptor,
                                                               KeyedStateFunction<K, S> function) throws Exception {
                broadcastContext.applyToKeyedState(descriptor, function);
            }
        };
    }

    @Override
    protected void process1(IN1 value, long timestamp) throws Exception {
        atRecord(timestamp);
        timeDomain = null;
        function.processElement(value, keyedView, collector);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        atRecord(timestamp);
        function.processBroadcastElement(value, broadcastView, collector);
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
        atRecord(domain == TimeDomain.EVENT_TIME ? timestamp : Long.MIN_VALUE);
        timeDomain = domain;
        function.onTimer(timestamp, keyedView, collector);
    }

    private final class KeyedContext extends ReadingContext {
    }

    private final class BroadcastSideContext extends WritableContext {
        @SuppressWarnings("unchecked")
        public <S extends State, V> void applyToKeyedState(StateDescriptor<V> descriptor,
                                                           KeyedStateFunction<K, S> function) throws Exception {
            S state = (S) stateOf(descriptor);
            for (K key : keyed.state.keys(descriptor.getName())) {
                keyed.state.setCurrentKey(key);
                function.process(key, state);
            }
        }
    }

    private State stateOf(StateDescriptor<?> descriptor) {
        return switch (descriptor.getKind()) {
            case VALUE -> keyed.state.getState((ValueStateDescriptor<?>) descriptor);
            case LIST -> keyed.state.getListState((ListStateDescriptor<?>) descriptor);
            case MAP -> keyed.state.getMapState((MapStateDescriptor<?, ?>) descriptor);
            case REDUCING -> keyed.state.getReducingState((ReducingStateDescriptor<?>) descriptor);
            case AGGREGATING -> keyed.state.getAggregatingState((AggregatingStateDescriptor<?, ?, ?>) descriptor);
        };
    }
}
