package io.ringflow.testing;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionResult;
import io.ringflow.api.StreamEnvironment;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs jobs in tests with a deadline, and never leaves one running when a test fails early. */
public final class Jobs {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Jobs() {
    }

    /** Executes the job and waits for its end; cancels it when it does not end in time. */
    public static JobExecutionResult run(StreamEnvironment env, String name) {
        JobClient job = env.executeAsync(name);
        try {
            return job.await(TIMEOUT);
        } finally {
            stop(job);
        }
    }

    /** Cancels the job unless it already ended, and waits (bounded) for its threads to end. */
    public static void stop(JobClient job) {
        try {
            job.cancel().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("job '" + job.jobName() + "' did not stop within " + TIMEOUT, e);
        }
    }
}
