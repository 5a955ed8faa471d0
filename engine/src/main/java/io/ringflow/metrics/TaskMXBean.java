package io.ringflow.metrics;

/**
 * {@code io.ringflow:type=Task,job=NAME,task=TASK}: one subtask of a chain of the running attempt.
 * Records are counted per task, not per chained operator (a counter per operator and record would
 * cost the hot path): slots read from its input rings and written to its output rings, records,
 * watermarks and end-of-input markers alike. A task without input rings (a source) counts no input,
 * one without output rings (ending in a sink) no output.
 */
public interface TaskMXBean {
    String getLifecycle();

    long getRecordsIn();

    long getRecordsOut();

    /** Over the last second. */
    double getRecordsInPerSecond();

    double getRecordsOutPerSecond();

    /**
     * Estimated as Flink's {@code backPressuredTimeMsPerSecond}: sampled 20 times a second, the share
     * of the last second in which one of its output rings was at least 7/8 full, in ms.
     */
    long getBackPressuredTimeMsPerSecond();

    /** The fullest output ring's fill, 0 to 1. */
    double getOutputRingFill();

    /**
     * Records its window and interval-join operators dropped as too late (Flink's
     * {@code numLateRecordsDropped}), summed over the task's chained operators; not those sent to a
     * late-data side output.
     */
    long getNumLateRecordsDropped();
}
