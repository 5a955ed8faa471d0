package io.ringflow.api.window;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A window of time {@code [start, end)} in epoch milliseconds. */
public record TimeWindow(long start, long end) implements Window {
    /** The last timestamp that belongs to the window; event-time windows fire when the watermark passes it. */
    @Override
    public long maxTimestamp() {
        return end - 1;
    }

    /** Flink's name for {@link #start()}. */
    public long getStart() {
        return start;
    }

    /** Flink's name for {@link #end()}. */
    public long getEnd() {
        return end;
    }

    /** True when the windows overlap or touch (Flink's rule: sessions one gap apart merge). */
    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    /** The smallest window containing both. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /** Start of the tumbling window of {@code size} (shifted by {@code offset}) containing {@code timestamp}. */
    public static long windowStart(long timestamp, long offset, long size) {
        long remainder = (timestamp - offset) % size;
        return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
    }

    /** Groups intersecting windows; calls {@code callback} for each group of two or more, with their cover. */
    public static void mergeWindows(Collection<TimeWindow> windows, MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(TimeWindow::start));
        TimeWindow cover = null;
        List<TimeWindow> group = new ArrayList<>();
        for (TimeWindow window : sorted) {
            if (cover != null && cover.intersects(window)) {
                cover = cover.cover(window);
                group.add(window);
                continue;
            }
            if (group.size() > 1) {
                callback.merge(List.copyOf(group), cover);
            }
            cover = window;
            group.clear();
            group.add(window);
        }
        if (group.size() > 1) {
            callback.merge(List.copyOf(group), cover);
        }
    }
}
