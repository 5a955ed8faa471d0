package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;

/** Windows of {@code size} starting every {@code slide} by the clock of the task when a record arrives. */
public final class SlidingProcessingTimeWindows implements WindowAssigner<TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final SlidingWindows windows;

    private SlidingProcessingTimeWindows(long sizeMs, long slideMs, long offsetMs) {
        this.windows = new SlidingWindows(sizeMs, slideMs, offsetMs);
    }

    public static SlidingProcessingTimeWindows of(Duration size, Duration slide) {
        return new SlidingProcessingTimeWindows(size.toMillis(), slide.toMillis(), 0);
    }

    public static SlidingProcessingTimeWindows of(Duration size, Duration slide, Duration offset) {
        return new SlidingProcessingTimeWindows(size.toMillis(), slide.toMillis(), offset.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        return windows.containing(currentProcessingTimeMs);
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return ProcessingTimeTrigger.create();
    }

    @Override
    public Codec<TimeWindow> getWindowCodec() {
        return new TimeWindowEndCodec(windows.sizeMs());
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
