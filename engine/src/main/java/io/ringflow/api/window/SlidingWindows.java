package io.ringflow.api.window;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The arithmetic of sliding windows, shared by the event-time and processing-time assigners. */
record SlidingWindows(long sizeMs, long slideMs, long offsetMs) implements Serializable {
    SlidingWindows {
        if (sizeMs <= 0 || slideMs <= 0 || Math.abs(offsetMs) >= slideMs) {
            throw new IllegalArgumentException("sliding windows need size > 0, slide > 0 and |offset| < slide, got size "
                + sizeMs + " ms, slide " + slideMs + " ms, offset " + offsetMs + " ms");
        }
    }

    /** The windows containing {@code time}, latest start first (as Flink lists them). */
    List<TimeWindow> containing(long time) {
        List<TimeWindow> windows = new ArrayList<>((int) Math.min(sizeMs / slideMs + 1, 1024));
        long lastStart = TimeWindow.windowStart(time, offsetMs, slideMs);
        for (long start = lastStart; start > time - sizeMs; start -= slideMs) {
            windows.add(new TimeWindow(start, start + sizeMs));
        }
        return windows;
    }
}
