package io.ringflow.api;

/** A job failed; {@link #getCause()} is the original exception thrown in the job. */
public final class JobExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobExecutionException(String jobName, Throwable cause) {
        super("job '" + jobName + "' failed: " + cause, cause);
    }
}
