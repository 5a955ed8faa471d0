package io.ringflow.api.window;

import java.util.List;

/** Keeps only the last {@code maxCount} records of a window (before the function runs, unless told after). */
public final class CountEvictor<W extends Window> implements Evictor<Object, W> {
    private static final long serialVersionUID = 1L;
    private final long maxCount;
    private final boolean doEvictAfter;

    private CountEvictor(long maxCount, boolean doEvictAfter) {
        if (maxCount <= 0) {
            throw new IllegalArgumentException("count evictor needs a count > 0, got " + maxCount);
        }
        this.maxCount = maxCount;
        this.doEvictAfter = doEvictAfter;
    }

    public static <W extends Window> CountEvictor<W> of(long maxCount) {
        return new CountEvictor<>(maxCount, false);
    }

    public static <W extends Window> CountEvictor<W> of(long maxCount, boolean doEvictAfter) {
        return new CountEvictor<>(maxCount, doEvictAfter);
    }

    @Override
    public void evictBefore(List<Object> elements, W window) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(List<Object> elements, W window) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(List<Object> elements) {
        if (elements.size() > maxCount) {
            elements.subList(0, (int) (elements.size() - maxCount)).clear();
        }
    }
}
