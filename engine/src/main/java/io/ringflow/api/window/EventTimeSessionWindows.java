package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Sessions by event time: each record opens {@code [timestamp, timestamp + gap)} and windows
 * that overlap or touch merge, so a session ends after a gap without records.
 */
public final class EventTimeSessionWindows implements MergingWindowAssigner<TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final long gapMs;

    private EventTimeSessionWindows(long gapMs) {
        if (gapMs <= 0) {
            throw new IllegalArgumentException("session gap must be > 0, got " + gapMs + " ms");
        }
        this.gapMs = gapMs;
    }

    public static EventTimeSessionWindows withGap(Duration gap) {
        return new EventTimeSessionWindows(gap.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        EventTime.require(timestamp, "ProcessingTimeSessionWindows");
        return List.of(new TimeWindow(timestamp, timestamp + gapMs));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public Codec<TimeWindow> getWindowCodec() {
        return TimeWindowCodec.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return true;
    }
}
