package io.ringflow.runtime;

import java.util.List;

/**
 * Task threads did not stop within {@code task.cancellation.timeout} of being cancelled: the job
 * ended without them and is not restarted, since their user code may still write to its sinks.
 */
public final class TaskCancellationTimeoutException extends RuntimeException {
    public TaskCancellationTimeoutException(String job, long waitedMs, long timeoutMs, List<String> stuckTasks,
                                            Throwable cancelledFor) {
        super("job '" + job + "': " + stuckTasks.size() + " task thread(s) did not stop within task.cancellation.timeout ("
            + timeoutMs + " ms; waited " + waitedMs + " ms) of being cancelled" + (cancelledFor == null ? ""
            : " after the failure " + cancelledFor) + "; the job ends without restarting and leaves them running (their"
            + " rings are freed when they end). Make the user code return when its thread is interrupted, or raise"
            + " task.cancellation.timeout (StreamEnvironment.setTaskCancellationTimeout). Still running:\n  "
            + String.join("\n  ", stuckTasks), cancelledFor);
    }
}
