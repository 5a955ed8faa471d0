package io.ringflow.task;

/** Where a task's records come from: its input rings, or a source reader. */
public interface TaskInput {
    /** Processes up to about {@code limit} records; returns how many it did. */
    int process(int limit) throws Exception;

    boolean isFinished();
}
