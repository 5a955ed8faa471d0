package io.ringflow.api.window;

import java.io.Serializable;

/** Places each record in one window; built-ins are tumbling event-time and processing-time windows. */
public interface WindowAssigner extends Serializable {
    TimeWindow assignWindow(long timestamp, long currentProcessingTimeMs);

    boolean isEventTime();

    /** Length of every window this assigner makes. */
    long sizeMs();
}
