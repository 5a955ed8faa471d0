package io.ringflow.api.window;

import java.time.Duration;

/** Fixed-size, non-overlapping windows by the clock of the task when a record arrives. */
public final class TumblingProcessingTimeWindows implements WindowAssigner {
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

    @Override
    public TimeWindow assignWindow(long timestamp, long currentProcessingTimeMs) {
        long start = TimeWindow.windowStart(currentProcessingTimeMs, 0, sizeMs);
        return new TimeWindow(start, start + sizeMs);
    }

    @Override
    public long sizeMs() {
        return sizeMs;
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
