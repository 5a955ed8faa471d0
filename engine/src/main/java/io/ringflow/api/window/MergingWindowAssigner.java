package io.ringflow.api.window;

import java.util.Collection;

/**
 * An assigner whose windows grow together (sessions): the window operator merges a key's
 * windows, their contents and their trigger state whenever a record's window joins them.
 */
public interface MergingWindowAssigner<W extends Window> extends WindowAssigner<W> {
    /** Calls {@code callback} for every group of {@code windows} that should become one. */
    void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

    /** Receives one merge: the windows that go and the window they become. */
    @FunctionalInterface
    interface MergeCallback<W> {
        void merge(Collection<W> toBeMerged, W mergeResult);
    }
}
