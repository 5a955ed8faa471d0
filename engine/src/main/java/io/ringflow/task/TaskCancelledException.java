package io.ringflow.task;

/** Unwinds a task's thread when its job is cancelled or failed elsewhere; never a failure cause. */
public final class TaskCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskCancelledException(String taskName) {
        super("task " + taskName + " was cancelled", null, false, false);
    }
}
