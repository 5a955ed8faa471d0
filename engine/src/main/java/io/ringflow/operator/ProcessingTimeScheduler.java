package io.ringflow.operator;

/** Lets an operator ask its task to call {@link StreamOperator#onProcessingTime} at a given time. */
public interface ProcessingTimeScheduler {
    void wakeAt(long timeMs);
}
