package io.ringflow.api.window;

/** A group of records that fire together: a {@link TimeWindow} or the {@link GlobalWindow}. */
public interface Window {
    /** The last timestamp that belongs to the window; results are stamped with it. */
    long maxTimestamp();
}
