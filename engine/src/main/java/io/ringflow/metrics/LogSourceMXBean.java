package io.ringflow.metrics;

/** How far one subtask of a Chronicle log source is behind the ends of the queues it reads. */
public interface LogSourceMXBean {
    /** The log directory read. */
    String getLog();

    /** The queues this subtask reads. */
    int getQueues();

    /**
     * Documents between the reader's position and the ends of its queues, summed: the records
     * still to read, plus the COMMIT documents of an exactly-once log. 0 when caught up.
     */
    long getLagRecords();

    /**
     * How old the last record read was when it was read (the read time minus its append time),
     * in ms; -1 before the first record. Near 0 for a reader that keeps up with its writer.
     */
    long getLastRecordAgeMs();
}
