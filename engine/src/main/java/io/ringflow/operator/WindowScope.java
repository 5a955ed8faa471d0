package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
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
 *
 * <p>Design note: the operator's timers belong to a key and a time, while Flink's belong to a
 * window too: a trigger sees only its own window's timers, and a deleted timer never fires. So
 * each window keeps the times its trigger registered (as trigger state, dropped with the window),
 * and a firing timer goes to the windows that registered it, or whose cleanup time it is. A
 * window restored from a checkpoint taken before this was kept has no entry: it gets every timer
 * of its key, as then.
 */
final class WindowScope<K, W extends Window> implements Trigger.OnMergeContext, WindowContext<W> {
    private final WindowOperator<K, ?, ?, ?, ?, W> operator;
    private static final String EVENT_TIMERS = "ringflow.event-timers";
    private static final String PROCESSING_TIMERS = "ringflow.processing-timers";
    private static final long[] NONE = new long[0];
    private final Map<String, MapState<W, ?>> triggerStates = new HashMap<>();
    private K key;
    private W window;
    private List<W> mergedWindows = List.of();

    private final PerWindowState<W> windowState;

    WindowScope(WindowOperator<K, ?, ?, ?, ?, W> operator, boolean merging) {
        this.operator = operator;
        this.windowState = new PerWindowState<>(operator::perWindowState, () -> window, merging);
    }

    @Override
    public io.ringflow.api.state.KeyedStateStore windowState() {
        return windowState;
    }

    @Override
    public io.ringflow.api.state.KeyedStateStore globalState() {
        return operator.globalState();
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
    public <X> void output(io.ringflow.api.OutputTag<X> outputTag, X value) {
        operator.emitToSideOutput(outputTag, value, window.maxTimestamp());
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
        if (add(timers(false), time)) {
            operator.registerProcessingTimer(key, time);
        }
    }

    @Override
    public void registerEventTimeTimer(long time) {
        if (add(timers(true), time)) {
            operator.registerEventTimeTimer(key, time);
        }
    }

    /** The key's timer at that time stays; it fires for this window no more. */
    @Override
    public void deleteProcessingTimeTimer(long time) {
        remove(timers(false), time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        remove(timers(true), time);
    }

    /** A window just made: from now on it gets only the timers its trigger registers. */
    void track(W newWindow) {
        timers(true).put(newWindow, NONE);
        timers(false).put(newWindow, NONE);
    }

    /** Whether the key's timer at {@code time} is one {@code target}'s trigger registered, consuming it. */
    boolean claims(W target, long time, boolean eventTime) {
        MapState<W, long[]> timers = timers(eventTime);
        long[] times = timers.get(target);
        if (times == null) {
            return true; // a window of a checkpoint taken before windows kept their timers
        }
        int at = java.util.Arrays.binarySearch(times, time);
        if (at < 0) {
            return false;
        }
        timers.put(target, without(times, at));
        return true;
    }

    /** False when the window had it already: the key's timer is there. */
    private boolean add(MapState<W, long[]> timers, long time) {
        long[] times = timers.get(window);
        if (times == null) {
            return true; // an untracked window (see claims): it gets every timer of its key anyway
        }
        int at = java.util.Arrays.binarySearch(times, time);
        if (at >= 0) {
            return false;
        }
        int insert = -at - 1;
        long[] more = new long[times.length + 1];
        System.arraycopy(times, 0, more, 0, insert);
        more[insert] = time;
        System.arraycopy(times, insert, more, insert + 1, times.length - insert);
        timers.put(window, more);
        return true;
    }

    private void remove(MapState<W, long[]> timers, long time) {
        long[] times = timers.get(window);
        int at = times == null ? -1 : java.util.Arrays.binarySearch(times, time);
        if (at >= 0) {
            timers.put(window, without(times, at));
        }
    }

    private static long[] without(long[] times, int at) {
        long[] fewer = new long[times.length - 1];
        System.arraycopy(times, 0, fewer, 0, at);
        System.arraycopy(times, at + 1, fewer, at, fewer.length - at);
        return fewer;
    }

    private MapState<W, long[]> timers(boolean eventTime) {
        return state(eventTime ? EVENT_TIMERS : PROCESSING_TIMERS, io.ringflow.api.codec.Codecs.LONG_ARRAY);
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
