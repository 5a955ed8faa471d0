package io.ringflow.api.window;

import java.util.Iterator;

/**
 * Removes the records of a window whose delta to its last record is at least {@code threshold}
 * (before the function runs, unless told after), as Flink's {@code DeltaEvictor}.
 */
public final class DeltaEvictor<T, W extends Window> implements Evictor<T, W> {
    private static final long serialVersionUID = 1L;
    private final DeltaFunction<T> deltaFunction;
    private final double threshold;
    private final boolean doEvictAfter;

    private DeltaEvictor(double threshold, DeltaFunction<T> deltaFunction, boolean doEvictAfter) {
        if (deltaFunction == null) {
            throw new IllegalArgumentException("delta evictor needs a delta function");
        }
        this.deltaFunction = deltaFunction;
        this.threshold = threshold;
        this.doEvictAfter = doEvictAfter;
    }

    public static <T, W extends Window> DeltaEvictor<T, W> of(double threshold, DeltaFunction<T> deltaFunction) {
        return new DeltaEvictor<>(threshold, deltaFunction, false);
    }

    public static <T, W extends Window> DeltaEvictor<T, W> of(double threshold, DeltaFunction<T> deltaFunction,
                                                              boolean doEvictAfter) {
        return new DeltaEvictor<>(threshold, deltaFunction, doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext context) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext context) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(Iterable<TimestampedValue<T>> elements) {
        TimestampedValue<T> last = null;
        for (TimestampedValue<T> record : elements) {
            last = record;
        }
        if (last == null) {
            return;
        }
        for (Iterator<TimestampedValue<T>> records = elements.iterator(); records.hasNext(); ) {
            if (deltaFunction.getDelta(records.next().getValue(), last.getValue()) >= threshold) {
                records.remove();
            }
        }
    }

    public double getThreshold() {
        return threshold;
    }
}
