package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;

/** Windows of {@code size} starting every {@code slide} by event time: a record belongs to size / slide of them. */
public final class SlidingEventTimeWindows implements WindowAssigner<TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final SlidingWindows windows;

    private SlidingEventTimeWindows(long sizeMs, long slideMs, long offsetMs) {
        this.windows = new SlidingWindows(sizeMs, slideMs, offsetMs);
    }

    public static SlidingEventTimeWindows of(Duration size, Duration slide) {
        return new SlidingEventTimeWindows(size.toMillis(), slide.toMillis(), 0);
    }

    public static SlidingEventTimeWindows of(Duration size, Duration slide, Duration offset) {
        return new SlidingEventTimeWindows(size.toMillis(), slide.toMillis(), offset.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        EventTime.require(timestamp, "SlidingProcessingTimeWindows");
        return windows.containing(timestamp);
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public Codec<TimeWindow> getWindowCodec() {
        return new TimeWindowEndCodec(windows.sizeMs());
    }

    @Override
    public boolean isEventTime() {
        return true;
    }
}
