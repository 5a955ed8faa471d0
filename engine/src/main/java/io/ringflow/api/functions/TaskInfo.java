package io.ringflow.api.functions;

/**
 * The subtask running a function, as Flink 2's {@code RuntimeContext.getTaskInfo()} gives it (Flink
 * 2 moved these facts there from the runtime context, so ported code reads them here).
 */
public final class TaskInfo {
    private final String taskName;
    private final int indexOfThisSubtask;
    private final int numberOfParallelSubtasks;
    private final int maxNumberOfParallelSubtasks;
    private final int attemptNumber;

    public TaskInfo(String taskName, int indexOfThisSubtask, int numberOfParallelSubtasks, int maxNumberOfParallelSubtasks,
                    int attemptNumber) {
        this.taskName = taskName;
        this.indexOfThisSubtask = indexOfThisSubtask;
        this.numberOfParallelSubtasks = numberOfParallelSubtasks;
        this.maxNumberOfParallelSubtasks = maxNumberOfParallelSubtasks;
        this.attemptNumber = attemptNumber;
    }

    /** The task's name: its chain of operators, e.g. {@code Map -> Sink}. */
    public String getTaskName() {
        return taskName;
    }

    /** From 0 to {@link #getNumberOfParallelSubtasks()} - 1. */
    public int getIndexOfThisSubtask() {
        return indexOfThisSubtask;
    }

    public int getNumberOfParallelSubtasks() {
        return numberOfParallelSubtasks;
    }

    /** The job's maximum parallelism: its number of key groups. */
    public int getMaxNumberOfParallelSubtasks() {
        return maxNumberOfParallelSubtasks;
    }

    /** 0 at first, one more after each restart of the job. */
    public int getAttemptNumber() {
        return attemptNumber;
    }

    /** As Flink's: {@code name (index + 1/parallelism)#attempt}, e.g. {@code Map -> Sink (2/4)#0}. */
    public String getTaskNameWithSubtasks() {
        return taskName + " (" + (indexOfThisSubtask + 1) + "/" + numberOfParallelSubtasks + ")#" + attemptNumber;
    }

    @Override
    public String toString() {
        return getTaskNameWithSubtasks();
    }
}
