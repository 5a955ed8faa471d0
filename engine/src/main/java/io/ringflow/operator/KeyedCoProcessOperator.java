package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;
import io.ringflow.api.functions.TimerService;

/**
 * {@code ConnectedStreams.keyBy(...).process(KeyedCoProcessFunction)}: both inputs share the key's
 * state and timers; a timer fires with its key set, whichever input registered it.
 */
public final class KeyedCoProcessOperator<K, IN1, IN2, OUT>
    extends TwoInputUdfOperator<K, IN1, IN2, OUT, KeyedCoProcessFunction<K, IN1, IN2, OUT>> {
    private TimestampedCollector<OUT> collector;
    private TimerService timerService;
    private long currentTimestamp;
    private TimeDomain timeDomain;
    private KeyedCoProcessFunction<K, IN1, IN2, OUT>.OnTimerContext ctx; // Flink's inner context class, made once

    public KeyedCoProcessOperator(KeyedCoProcessFunction<K, IN1, IN2, OUT> function, KeySelector<IN1, K> keySelector1,
                                  KeySelector<IN2, K> keySelector2, Codec<K> keyCodec) {
        super(function, keySelector1, keySelector2, keyCodec);
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        super.open();
        timerService = new KeyedTimerService<>(keyed, context, () -> currentWatermark);
        ctx = function.new OnTimerContext() {
            @Override
            public long timestamp() {
                return currentTimestamp;
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

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                SideOutputRouting.emit(output, outputTag, value, currentTimestamp);
            }
        };
    }

    @Override
    protected void process1(IN1 value, long timestamp) throws Exception {
        atRecord(timestamp);
        function.processElement1(value, ctx, collector);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        atRecord(timestamp);
        function.processElement2(value, ctx, collector);
    }

    private void atRecord(long timestamp) {
        currentTimestamp = timestamp;
        timeDomain = null;
        collector.setTimestamp(timestamp);
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
}
