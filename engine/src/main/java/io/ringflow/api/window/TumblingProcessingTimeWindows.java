package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Fixed-size, non-overlapping windows by the clock of the task when a record arrives. */
public final class TumblingProcessingTimeWindows implements WindowAssigner<TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final long sizeMs;

    private TumblingProcessingTimeWindows(long sizeMs) {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("tumbling window size must be > 0, got " + sizeMs + " ms");
        }
        this.sizeMs = sizeMs;
    }

    public static TumblingProcessingTimeWindows of(Duration size) {
        return new TumblingProcessingTimeWindows(size.toMillis());
    }

    /** The one window of a record arriving at {@code currentProcessingTimeMs}. */
    public TimeWindow assignWindow(long timestamp, long currentProcessingTimeMs) {
        long start = TimeWindow.windowStart(currentProcessingTimeMs, 0, sizeMs);
        return new TimeWindow(start, start + sizeMs);
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        return List.of(assignWindow(timestamp, currentProcessingTimeMs));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return ProcessingTimeTrigger.create();
    }

    @Override
    public Codec<TimeWindow> getWindowCodec() {
        return new TimeWindowEndCodec(sizeMs);
    }

    public long sizeMs() {
        return sizeMs;
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
