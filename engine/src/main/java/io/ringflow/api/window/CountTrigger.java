package io.ringflow.api.window;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;

/** Fires every {@code maxCount} records of a window, counting in per-window state. */
public final class CountTrigger<W extends Window> extends RecordTrigger<Object, W> {
    private static final long serialVersionUID = 1L;
    private static final ReduceFunction<Long> SUM = Long::sum;
    private static final ReducingStateDescriptor<Long> COUNT = new ReducingStateDescriptor<>("count", SUM, Codecs.LONG);
    private final long maxCount;

    private CountTrigger(long maxCount) {
        if (maxCount <= 0) {
            throw new IllegalArgumentException("count trigger needs a count > 0, got " + maxCount);
        }
        this.maxCount = maxCount;
    }

    public static <W extends Window> CountTrigger<W> of(long maxCount) {
        return new CountTrigger<>(maxCount);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) {
        ReducingState<Long> count = ctx.getPartitionedState(COUNT);
        count.add(1L);
        if (count.get() >= maxCount) {
            count.clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        ctx.mergePartitionedState(COUNT);
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        ctx.getPartitionedState(COUNT).clear();
    }

    @Override
    public String toString() {
        return "CountTrigger(" + maxCount + ")";
    }
}
