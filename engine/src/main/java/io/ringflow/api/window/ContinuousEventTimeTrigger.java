package io.ringflow.api.window;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;

import java.time.Duration;

/**
 * Fires every {@code interval} of event time while the window is open (early results), and once
 * more when the watermark passes its end; the next firing time is per-window state.
 */
public final class ContinuousEventTimeTrigger<W extends Window> extends Trigger<Object, W> {
    private static final long serialVersionUID = 1L;
    private static final ReduceFunction<Long> MIN = Math::min;
    private static final ReducingStateDescriptor<Long> FIRE_TIME = new ReducingStateDescriptor<>("fire-time", MIN, Codecs.LONG);
    private final long intervalMs;

    private ContinuousEventTimeTrigger(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("continuous trigger needs an interval > 0, got " + intervalMs + " ms");
        }
        this.intervalMs = intervalMs;
    }

    public static <W extends Window> ContinuousEventTimeTrigger<W> of(Duration interval) {
        return new ContinuousEventTimeTrigger<>(interval.toMillis());
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE;
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        ReducingState<Long> fireTime = ctx.getPartitionedState(FIRE_TIME);
        if (fireTime.get() == null) {
            registerNextFireTime(timestamp - Math.floorMod(timestamp, intervalMs), window, ctx, fireTime);
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        ReducingState<Long> fireTime = ctx.getPartitionedState(FIRE_TIME);
        Long next = fireTime.get();
        if (next != null && next == time) {
            fireTime.clear();
            registerNextFireTime(time, window, ctx, fireTime);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    private void registerNextFireTime(long time, W window, TriggerContext ctx, ReducingState<Long> fireTime) {
        long next = Math.min(time + intervalMs, window.maxTimestamp());
        fireTime.add(next);
        ctx.registerEventTimeTimer(next);
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        ctx.mergePartitionedState(FIRE_TIME);
        Long next = ctx.getPartitionedState(FIRE_TIME).get();
        if (next != null) {
            ctx.registerEventTimeTimer(next);
        }
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        ReducingState<Long> fireTime = ctx.getPartitionedState(FIRE_TIME);
        Long next = fireTime.get();
        if (next != null) {
            ctx.deleteEventTimeTimer(next);
            fireTime.clear();
        }
    }

    @Override
    public String toString() {
        return "ContinuousEventTimeTrigger(" + intervalMs + " ms)";
    }
}
