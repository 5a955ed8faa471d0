package io.ringflow.api.window;

import java.io.Serializable;
import java.util.List;

/**
 * Removes records from a window before or after its function runs, as Flink's {@code Evictor}.
 * A windowed stream with an evictor keeps every record of a window in keyed state (no
 * incremental aggregation) and aggregates the remaining ones when it fires. Removing from
 * {@code elements} removes from the window; they are in arrival order.
 */
public interface Evictor<T, W extends Window> extends Serializable {
    void evictBefore(List<T> elements, W window);

    void evictAfter(List<T> elements, W window);
}
