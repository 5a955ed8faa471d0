package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Sessions by the clock of the task: a session ends after {@code gap} without records of its key. */
public final class ProcessingTimeSessionWindows implements MergingWindowAssigner<TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final long gapMs;

    private ProcessingTimeSessionWindows(long gapMs) {
        if (gapMs <= 0) {
            throw new IllegalArgumentException("session gap must be > 0, got " + gapMs + " ms");
        }
        this.gapMs = gapMs;
    }

    public static ProcessingTimeSessionWindows withGap(Duration gap) {
        return new ProcessingTimeSessionWindows(gap.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        return List.of(new TimeWindow(currentProcessingTimeMs, currentProcessingTimeMs + gapMs));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return ProcessingTimeTrigger.create();
    }

    @Override
    public Codec<TimeWindow> getWindowCodec() {
        return TimeWindowCodec.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
