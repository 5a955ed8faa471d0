package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key and window a trigger or window function is working on, and what they may do there:
 * timers of the key, and trigger state of the window (a map state keyed by window).
 */
final class WindowScope<K, W extends Window> implements Trigger.OnMergeContext, ProcessAllWindowFunction.Context<W> {
    private final WindowOperator<K, ?, ?, ?, ?, W> operator;
    private final Map<String, MapState<W, ?>> triggerStates = new HashMap<>();
    private K key;
    private W window;
    private List<W> mergedWindows = List.of();

    WindowScope(WindowOperator<K, ?, ?, ?, ?, W> operator) {
        this.operator = operator;
    }

    void set(K key, W window) {
        this.key = key;
        this.window = window;
        this.mergedWindows = List.of();
    }

    void setMerging(K key, W window, List<W> mergedWindows) {
        this.key = key;
        this.window = window;
        this.mergedWindows = mergedWindows;
    }

    /** Removes every trigger state of {@code gone} that this operator instance has used. */
    void dropTriggerState(W gone) {
        for (MapState<W, ?> state : triggerStates.values()) {
            state.remove(gone);
        }
    }

    @Override
    public W window() {
        return window;
    }

    @Override
    public long currentProcessingTime() {
        return operator.currentProcessingTime();
    }

    @Override
    public long currentWatermark() {
        return operator.currentWatermark();
    }

    @Override
    public long getCurrentProcessingTime() {
        return operator.currentProcessingTime();
    }

    @Override
    public long getCurrentWatermark() {
        return operator.currentWatermark();
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        operator.registerProcessingTimer(key, time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        operator.registerEventTimeTimer(key, time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
    }

    @Override
    public void deleteEventTimeTimer(long time) {
    }

    @Override
    public <S> ReducingState<S> getPartitionedState(ReducingStateDescriptor<S> descriptor) {
        return new WindowReducingState<>(state(descriptor.getName(), descriptor.getCodec()), window,
            descriptor.getReduceFunction());
    }

    @Override
    public <S> void mergePartitionedState(ReducingStateDescriptor<S> descriptor) throws Exception {
        MapState<W, S> state = state(descriptor.getName(), descriptor.getCodec());
        ReduceFunction<S> reducer = descriptor.getReduceFunction();
        S folded = mergedWindows.contains(window) ? null : state.get(window);
        for (W merged : mergedWindows) {
            S part = state.get(merged);
            if (part != null) {
                folded = folded == null ? part : reducer.reduce(folded, part);
                state.remove(merged);
            }
        }
        if (folded != null) {
            state.put(window, folded);
        }
    }

    @SuppressWarnings("unchecked")
    private <S> MapState<W, S> state(String name, Codec<S> codec) {
        return (MapState<W, S>) triggerStates.computeIfAbsent(name, n -> operator.triggerState(n, codec));
    }

    /** A trigger's reducing state seen through one window. */
    private record WindowReducingState<W, S>(MapState<W, S> state, W window, ReduceFunction<S> reducer)
        implements ReducingState<S> {
        @Override
        public S get() {
            return state.get(window);
        }

        @Override
        public void add(S value) {
            S current = state.get(window);
            try {
                state.put(window, current == null ? value : reducer.reduce(current, value));
            } catch (Exception e) {
                throw Rethrow.unchecked(e);
            }
        }

        @Override
        public void clear() {
            state.remove(window);
        }
    }
}
