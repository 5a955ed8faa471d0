package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.WindowAssigner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tumbling windows with incremental aggregation. Each key keeps one accumulator per open window
 * in keyed state (window end → accumulator), so windows are part of every snapshot. A window
 * fires by a timer at its last timestamp; with allowed lateness it stays until a cleanup timer
 * and re-fires on each late record. Records for windows already cleaned up are dropped and counted.
 */
public final class WindowOperator<K, IN, ACC, R, OUT> extends AbstractKeyedOperator<K, IN, OUT> {
    private final WindowAssigner assigner;
    private final long allowedLatenessMs;
    private final AggregateFunction<IN, ACC, R> aggregate;
    private final Codec<ACC> accumulatorCodec;
    private final WindowFunction<R, OUT, K> windowFunction;
    private MapState<Long, ACC> windows;
    private TimestampedCollector<OUT> collector;
    private long lateRecordsDropped;

    public WindowOperator(KeySelector<IN, K> keySelector, Codec<K> keyCodec, WindowAssigner assigner, long allowedLatenessMs,
                          AggregateFunction<IN, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                          WindowFunction<R, OUT, K> windowFunction) {
        super(keySelector, keyCodec);
        this.assigner = assigner;
        this.allowedLatenessMs = assigner.isEventTime() ? allowedLatenessMs : 0;
        this.aggregate = aggregate;
        this.accumulatorCodec = accumulatorCodec;
        this.windowFunction = windowFunction;
    }

    @Override
    public void open() throws Exception {
        super.open();
        windows = keyedState.getMapState(new MapStateDescriptor<>("window-contents", Codecs.LONG, accumulatorCodec));
        collector = new TimestampedCollector<>(output);
        openFunction(aggregate);
        openFunction(windowFunction);
    }

    @Override
    public void close() throws Exception {
        try {
            closeFunction(aggregate);
        } finally {
            closeFunction(windowFunction);
        }
    }

    @Override
    protected void processKeyed(IN value, long timestamp) throws Exception {
        long nowMs = context.clock().currentTimeMillis();
        TimeWindow window = assigner.assignWindow(timestamp, nowMs);
        if (assigner.isEventTime() && window.maxTimestamp() + allowedLatenessMs <= currentWatermark) {
            lateRecordsDropped++;
            return;
        }
        ACC accumulator = windows.get(window.end());
        windows.put(window.end(), aggregate.add(value, accumulator == null ? aggregate.createAccumulator() : accumulator));
        K key = keyedState.getCurrentKey();
        if (!assigner.isEventTime()) {
            registerProcessingTimeTimer(key, window.maxTimestamp());
        } else if (window.maxTimestamp() <= currentWatermark) {
            emit(key, window); // a late record within the allowed lateness re-fires its window at once
            // it may be the key's first record of this window: make sure the window is cleaned up
            timers.registerEventTimeTimer(key, window.maxTimestamp() + allowedLatenessMs);
        } else {
            timers.registerEventTimeTimer(key, window.maxTimestamp());
            if (allowedLatenessMs > 0) {
                timers.registerEventTimeTimer(key, window.maxTimestamp() + allowedLatenessMs);
            }
        }
    }

    @Override
    protected void onEventTime(K key, long timestamp) throws Exception {
        onTimer(key, timestamp);
    }

    @Override
    protected void onProcessingTime(K key, long timestamp) throws Exception {
        onTimer(key, timestamp);
    }

    private void onTimer(K key, long timestamp) throws Exception {
        List<Long> ends = new ArrayList<>();
        for (Long end : windows.keys()) {
            ends.add(end);
        }
        for (long end : ends) {
            TimeWindow window = new TimeWindow(end - assigner.sizeMs(), end);
            if (window.maxTimestamp() == timestamp) {
                emit(key, window);
            }
            if (window.maxTimestamp() + allowedLatenessMs == timestamp) {
                windows.remove(end);
            }
        }
    }

    private void emit(K key, TimeWindow window) throws Exception {
        ACC accumulator = windows.get(window.end());
        if (accumulator != null) {
            collector.setTimestamp(window.maxTimestamp());
            windowFunction.apply(key, window, Collections.singletonList(aggregate.getResult(accumulator)), collector);
        }
    }

    /** Records that arrived after their window was closed for good. */
    public long lateRecordsDropped() {
        return lateRecordsDropped;
    }
}
