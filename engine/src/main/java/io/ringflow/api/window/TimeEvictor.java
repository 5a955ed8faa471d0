package io.ringflow.api.window;

import java.time.Duration;
import java.util.Iterator;

/**
 * Keeps the records of a window newer than {@code windowSize} before its newest record, by their
 * timestamps (before the function runs, unless told after), as Flink's {@code TimeEvictor}: a
 * record at exactly the cut-off goes. A window whose records carry no timestamps is left as it is.
 */
public final class TimeEvictor<W extends Window> implements Evictor<Object, W> {
    private static final long serialVersionUID = 1L;
    private final long windowSizeMs;
    private final boolean doEvictAfter;

    private TimeEvictor(long windowSizeMs, boolean doEvictAfter) {
        if (windowSizeMs < 0) {
            throw new IllegalArgumentException("time evictor needs a window size >= 0, got " + windowSizeMs + " ms");
        }
        this.windowSizeMs = windowSizeMs;
        this.doEvictAfter = doEvictAfter;
    }

    public static <W extends Window> TimeEvictor<W> of(Duration windowSize) {
        return new TimeEvictor<>(windowSize.toMillis(), false);
    }

    public static <W extends Window> TimeEvictor<W> of(Duration windowSize, boolean doEvictAfter) {
        return new TimeEvictor<>(windowSize.toMillis(), doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext context) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext context) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(Iterable<TimestampedValue<Object>> elements) {
        Iterator<TimestampedValue<Object>> first = elements.iterator();
        if (!first.hasNext() || !first.next().hasTimestamp()) {
            return; // as Flink: without timestamps there is no time to evict by
        }
        long newest = Long.MIN_VALUE;
        for (TimestampedValue<Object> record : elements) {
            newest = Math.max(newest, record.getTimestamp());
        }
        long cutoff = newest - windowSizeMs;
        for (Iterator<TimestampedValue<Object>> records = elements.iterator(); records.hasNext(); ) {
            if (records.next().getTimestamp() <= cutoff) {
                records.remove();
            }
        }
    }

    public long getWindowSize() {
        return windowSizeMs;
    }
}
