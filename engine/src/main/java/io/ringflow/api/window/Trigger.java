package io.ringflow.api.window;

import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;

import java.io.Serializable;

/**
 * Decides when a window fires, as Flink's {@code Trigger}: on each record, on timers it
 * registered, and when windows merge. Its state is per key and window
 * ({@link TriggerContext#getPartitionedState}).
 *
 * <p>Unlike Flink, timers belong to a key and a time, not to a window: a timer is offered to
 * every window of its key, so {@code onEventTime} and {@code onProcessingTime} must check that
 * the time is one their window asked for (the built-in triggers do). For the same reason
 * deleting a timer is ignored, since another window may rely on it; a stale timer fires into
 * triggers that return {@link TriggerResult#CONTINUE}.
 *
 * @param <T> records
 * @param <W> windows
 */
public abstract class Trigger<T, W extends Window> implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

    /** True when the trigger can be used with session windows, by {@link #onMerge}. */
    public boolean canMerge() {
        return false;
    }

    /** Windows merged into {@code window}: merge their state and register the timers {@code window} needs. */
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support merging windows");
    }

    /** The window is gone: drop the trigger's state for it. */
    public abstract void clear(W window, TriggerContext ctx) throws Exception;

    /** What a trigger sees and may do for the current key and window. */
    public interface TriggerContext {
        long getCurrentProcessingTime();

        long getCurrentWatermark();

        void registerProcessingTimeTimer(long time);

        void registerEventTimeTimer(long time);

        /** Ignored: timers are shared by the windows of a key (see the class comment). */
        void deleteProcessingTimeTimer(long time);

        /** Ignored: timers are shared by the windows of a key (see the class comment). */
        void deleteEventTimeTimer(long time);

        /** A reducing state of the current key and window, kept in keyed state (checkpointed). */
        <S> ReducingState<S> getPartitionedState(ReducingStateDescriptor<S> descriptor);
    }

    /** The context of {@link #onMerge}. */
    public interface OnMergeContext extends TriggerContext {
        /** Folds the state of the merged windows into the state of the window they became. */
        <S> void mergePartitionedState(ReducingStateDescriptor<S> descriptor) throws Exception;
    }
}
