package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Fixed-size, non-overlapping windows by the records' event timestamps. */
public final class TumblingEventTimeWindows implements WindowAssigner<TimeWindow> {
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

    /** The one window of a record with event timestamp {@code timestamp}. */
    public TimeWindow assignWindow(long timestamp, long currentProcessingTimeMs) {
        EventTime.require(timestamp, "TumblingProcessingTimeWindows");
        long start = TimeWindow.windowStart(timestamp, offsetMs, sizeMs);
        return new TimeWindow(start, start + sizeMs);
    }

    @Override
    public Collection<TimeWindow> assignWindows(long timestamp, long currentProcessingTimeMs) {
        return List.of(assignWindow(timestamp, currentProcessingTimeMs));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
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
        return true;
    }
}
