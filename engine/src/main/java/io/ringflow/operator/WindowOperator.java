package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.window.MergingWindowAssigner;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.TriggerResult;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Windows of any assigner, with a trigger, as Flink's {@code WindowOperator}. Each key keeps its
 * windows' contents in keyed state (window → contents) and its trigger's per-window state in
 * further map states, so windows are part of every snapshot and move with their key group.
 * A window fires when its trigger says so; it is forgotten at its cleanup time (the end plus
 * the allowed lateness for event time, the end for processing time). Records only for windows
 * already cleaned up are dropped and counted.
 *
 * <p>Session windows ({@link MergingWindowAssigner}) are merged as records arrive: the
 * contents of the merged windows are folded into the new window and the trigger merges its state.
 */
public final class WindowOperator<K, IN, S, R, OUT, W extends Window> extends AbstractKeyedOperator<K, IN, OUT> {
    static final String CONTENTS = "window-contents";
    /** The windows whose function's {@code clear} is still due, when the function has one. */
    static final String TO_CLEAR = "window-clear-due";
    private static final String TRIGGER_STATE_PREFIX = "window-trigger-";

    private final WindowAssigner<W> assigner;
    private final MergingWindowAssigner<W> merging;
    private final Trigger<Object, W> trigger;
    private final long allowedLatenessMs;
    private final WindowContents<IN, S, R> contents;
    private final Codec<S> contentsCodec;
    private final InternalWindowFunction<R, OUT, K, W> windowFunction;
    private final Codec<W> windowCodec;
    private final WindowScope<K, W> scope;
    private MapState<W, Boolean> toClear; // null: the window function has no clear
    private MapState<W, S> windows;
    private TimestampedCollector<OUT> collector;
    private final String lateDataTag;
    private volatile long lateRecordsDropped; // written by the task thread only, read by JMX
    private final io.ringflow.api.window.Evictor.EvictorContext evictorContext = new io.ringflow.api.window.Evictor.EvictorContext() {
        @Override
        public long getCurrentProcessingTime() {
            return currentProcessingTime();
        }

        @Override
        public io.ringflow.api.metrics.MetricGroup getMetricGroup() {
            return io.ringflow.metrics.OperatorMetrics.groupOf(context.config().jobName(), context.uid(),
                context.subtaskIndex());
        }

        @Override
        public long getCurrentWatermark() {
            return currentWatermark();
        }
    };

    @SuppressWarnings("unchecked")
    public WindowOperator(KeySelector<IN, K> keySelector, Codec<K> keyCodec, WindowAssigner<W> assigner,
                          Trigger<?, ?> trigger, long allowedLatenessMs, WindowContents<IN, S, R> contents,
                          Codec<S> contentsCodec, InternalWindowFunction<R, OUT, K, W> windowFunction) {
        this(keySelector, keyCodec, assigner, trigger, allowedLatenessMs, contents, contentsCodec, windowFunction, null);
    }

    /** @param lateDataTag the side output that gets records too late for every window, or null to drop them */
    public WindowOperator(KeySelector<IN, K> keySelector, Codec<K> keyCodec, WindowAssigner<W> assigner,
                          Trigger<?, ?> trigger, long allowedLatenessMs, WindowContents<IN, S, R> contents,
                          Codec<S> contentsCodec, InternalWindowFunction<R, OUT, K, W> windowFunction, String lateDataTag) {
        super(keySelector, keyCodec);
        this.lateDataTag = lateDataTag;
        this.assigner = assigner;
        this.merging = assigner instanceof MergingWindowAssigner<W> m ? m : null;
        this.trigger = (Trigger<Object, W>) trigger;
        this.allowedLatenessMs = assigner.isEventTime() ? allowedLatenessMs : 0;
        this.contents = contents;
        this.contentsCodec = contentsCodec;
        this.windowFunction = windowFunction;
        this.windowCodec = assigner.getWindowCodec();
        this.scope = new WindowScope<>(this, merging != null);
    }

    @Override
    public void open() throws Exception {
        super.open();
        windows = keyedState.getMapState(new MapStateDescriptor<>(CONTENTS, windowCodec, contentsCodec));
        toClear = windowFunction.hasClear()
            ? keyedState.getMapState(new MapStateDescriptor<>(TO_CLEAR, windowCodec, io.ringflow.api.codec.Codecs.BOOLEAN)) : null;
        collector = new TimestampedCollector<>(output);
        openFunction(contents.userFunction());
        openFunction(windowFunction.userFunction());
    }

    @Override
    public void close() throws Exception {
        try {
            closeFunction(contents.userFunction());
        } finally {
            closeFunction(windowFunction.userFunction());
        }
    }

    @Override
    protected void processKeyed(IN value, long timestamp) throws Exception {
        K key = keyedState.getCurrentKey();
        Collection<W> assigned = assigner.assignWindows(timestamp, context.clock().currentTimeMillis());
        boolean skipped = true;
        for (W assignedWindow : assigned) {
            W window = merging == null ? assignedWindow : mergeInto(key, assignedWindow);
            if (window == null || isWindowLate(window)) {
                continue;
            }
            skipped = false;
            S before = windows.get(window);
            windows.put(window, contents.add(value, timestamp, before));
            scope.set(key, window);
            if (before == null) {
                scope.track(window);
                if (toClear != null) {
                    toClear.put(window, Boolean.TRUE);
                }
            }
            act(key, window, trigger.onElement(value, timestamp, window, scope));
            registerCleanupTimer(key, window);
        }
        if (skipped && !assigned.isEmpty()) {
            Output<IN> late = lateDataTag == null ? null : output.sideOutput(lateDataTag);
            if (late != null) {
                late.collect(value, timestamp); // as Flink: a record given to the side output is not counted as dropped
            } else {
                lateRecordsDropped++;
            }
        }
    }

    /**
     * Merges {@code window} with the key's windows it overlaps; returns the window the record
     * goes to, or null when it stands alone and is already late.
     */
    private W mergeInto(K key, W window) throws Exception {
        Set<W> existing = new LinkedHashSet<>();
        for (W w : windows.keys()) {
            existing.add(w);
        }
        Set<W> all = new LinkedHashSet<>(existing);
        all.add(window);
        List<W> merged = new ArrayList<>();
        List<W> result = new ArrayList<>(1);
        merging.mergeWindows(all, (toBeMerged, mergeResult) -> {
            if (toBeMerged.contains(window)) {
                for (W w : toBeMerged) {
                    if (existing.contains(w)) {
                        merged.add(w);
                    }
                }
                result.add(mergeResult);
            }
        });
        if (result.isEmpty()) {
            return existing.contains(window) || !isWindowLate(window) ? window : null;
        }
        W target = result.get(0);
        if (merged.size() == 1 && merged.get(0).equals(target)) {
            return target; // inside an existing window
        }
        S folded = null;
        for (W w : merged) {
            S part = windows.get(w);
            if (part != null) {
                folded = folded == null ? part : contents.merge(folded, part);
            }
        }
        for (W w : merged) {
            windows.remove(w);
            if (toClear != null && !w.equals(target)) {
                toClear.remove(w); // absorbed into the target, whose clear comes at its cleanup (as Flink)
            }
        }
        if (toClear != null) {
            toClear.put(target, Boolean.TRUE);
        }
        if (folded != null) {
            windows.put(target, folded);
        }
        scope.setMerging(key, target, merged);
        if (!existing.contains(target)) {
            scope.track(target);
        }
        trigger.onMerge(target, scope);
        for (W w : merged) {
            if (!w.equals(target)) {
                scope.set(key, w);
                trigger.clear(w, scope);
                scope.dropTriggerState(w);
            }
        }
        return target;
    }

    @Override
    protected void onEventTime(K key, long timestamp) throws Exception {
        onTimer(key, timestamp, true);
    }

    @Override
    protected void onProcessingTime(K key, long timestamp) throws Exception {
        onTimer(key, timestamp, false);
    }

    /** A timer of the key goes to each window whose trigger registered it, and to the window it cleans up (see WindowScope). */
    private void onTimer(K key, long timestamp, boolean eventTime) throws Exception {
        List<W> current = new ArrayList<>();
        for (W window : windows.keys()) {
            current.add(window);
        }
        for (W window : current) {
            scope.set(key, window);
            boolean cleanup = eventTime == assigner.isEventTime() && timestamp == cleanupTime(window);
            if (!scope.claims(window, timestamp, eventTime) && !cleanup) {
                continue;
            }
            TriggerResult result = eventTime
                ? trigger.onEventTime(timestamp, window, scope)
                : trigger.onProcessingTime(timestamp, window, scope);
            act(key, window, result);
            if (eventTime == assigner.isEventTime() && timestamp == cleanupTime(window) && windows.contains(window)) {
                forget(key, window);
            }
        }
        if (toClear != null && eventTime == assigner.isEventTime()) {
            clearFunctionState(key, timestamp);
        }
    }

    /**
     * As Flink, the window function's {@code clear} at each window's cleanup, also of a window a
     * trigger purged before, after a restore too: the windows it is due for are kept in state.
     */
    private void clearFunctionState(K key, long timestamp) throws Exception {
        List<W> due = new ArrayList<>();
        for (W window : toClear.keys()) {
            if (cleanupTime(window) == timestamp) {
                due.add(window);
            }
        }
        for (W window : due) {
            toClear.remove(window);
            scope.set(key, window);
            windowFunction.clear(scope);
        }
    }

    private void act(K key, W window, TriggerResult result) throws Exception {
        if (result.isFire()) {
            emit(key, window);
        }
        if (result.isPurge()) {
            forget(key, window);
        }
    }

    private void emit(K key, W window) throws Exception {
        S state = windows.get(window);
        if (state == null) {
            return;
        }
        R result = contents.result(state, window, evictorContext);
        windows.put(window, state); // an evictor may have changed it
        collector.setTimestamp(window.maxTimestamp());
        scope.set(key, window);
        windowFunction.process(key, window, result, scope, collector);
    }

    /**
     * Drops a window's contents and trigger state. A purge does this too (unlike Flink, which
     * keeps the trigger's state): the window set is the contents' keys, and no state may outlive it.
     */
    private void forget(K key, W window) throws Exception {
        windows.remove(window);
        scope.set(key, window);
        trigger.clear(window, scope);
        scope.dropTriggerState(window);
    }

    private long cleanupTime(W window) {
        if (!assigner.isEventTime()) {
            return window.maxTimestamp();
        }
        long cleanup = window.maxTimestamp() + allowedLatenessMs;
        return cleanup >= window.maxTimestamp() ? cleanup : Long.MAX_VALUE;
    }

    private boolean isWindowLate(W window) {
        return assigner.isEventTime() && cleanupTime(window) <= currentWatermark;
    }

    private void registerCleanupTimer(K key, W window) {
        long cleanup = cleanupTime(window);
        if (cleanup == Long.MAX_VALUE) {
            return;
        }
        if (assigner.isEventTime()) {
            timers.registerEventTimeTimer(key, cleanup);
        } else {
            registerProcessingTimeTimer(key, cleanup);
        }
    }

    long currentWatermark() {
        return currentWatermark;
    }

    <X> void emitToSideOutput(io.ringflow.api.OutputTag<X> tag, X value, long timestamp) {
        SideOutputRouting.emit(output, tag, value, timestamp);
    }

    long currentProcessingTime() {
        return context.clock().currentTimeMillis();
    }

    void registerEventTimeTimer(K key, long time) {
        timers.registerEventTimeTimer(key, time);
    }

    void registerProcessingTimer(K key, long time) {
        registerProcessingTimeTimer(key, time);
    }

    <T> MapState<W, T> perWindowState(String name, Codec<T> codec) {
        return keyedState.getMapState(new MapStateDescriptor<>(PerWindowState.PREFIX + name, windowCodec, codec));
    }

    /** The key's state across windows: what the function's runtime context gives too. */
    io.ringflow.api.state.KeyedStateStore globalState() {
        return keyedState;
    }

    <T> MapState<W, T> triggerState(String name, Codec<T> codec) {
        return keyedState.getMapState(new MapStateDescriptor<>(TRIGGER_STATE_PREFIX + name, windowCodec, codec));
    }

    /** Records that arrived after all their windows were closed for good, not sent to a late-data side output. */
    @Override
    public long numLateRecordsDropped() {
        return lateRecordsDropped;
    }
}
