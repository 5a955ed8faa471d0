package io.ringflow.api.window;

import java.time.Duration;

/** Fixed-size, non-overlapping windows by the records' event timestamps. */
public final class TumblingEventTimeWindows implements WindowAssigner {
    private static final long serialVersionUID = 1L;
    private final long sizeMs;
    private final long offsetMs;

    private TumblingEventTimeWindows(long sizeMs, long offsetMs) {
        if (sizeMs <= 0 || Math.abs(offsetMs) >= sizeMs) {
            throw new IllegalArgumentException("tumbling window size must be > 0 and |offset| < size, got size "
                + sizeMs + " ms, offset " + offsetMs + " ms");
        }
        this.sizeMs = sizeMs;
        this.offsetMs = offsetMs;
    }

    public static TumblingEventTimeWindows of(Duration size) {
        return new TumblingEventTimeWindows(size.toMillis(), 0);
    }

    public static TumblingEventTimeWindows of(Duration size, Duration offset) {
        return new TumblingEventTimeWindows(size.toMillis(), offset.toMillis());
    }

    @Override
    public TimeWindow assignWindow(long timestamp, long currentProcessingTimeMs) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("a record has no event timestamp: event-time windows need a "
                + "WatermarkStrategy with a timestamp assigner on the source, or use TumblingProcessingTimeWindows");
        }
        long start = TimeWindow.windowStart(timestamp, offsetMs, sizeMs);
        return new TimeWindow(start, start + sizeMs);
    }

    @Override
    public long sizeMs() {
        return sizeMs;
    }

    @Override
    public boolean isEventTime() {
        return true;
    }
}
