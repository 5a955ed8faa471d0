package io.ringflow.stress;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a scenario's job in this JVM to its end under the progress watchdog, then checks its output. */
final class InProcessRun {
    private InProcessRun() {
    }

    /** {@code restore}: start from the newest complete checkpoint under {@code dir} (after a SIGKILL). */
    static RunResult execute(Scenario scenario, Path dir, boolean restore) {
        Probes.reset();
        FailureInjector.arm(scenario);
        long start = System.nanoTime();
        String hang = null;
        String error = null;
        int injected;
        JobClient job = StressJob.create(scenario, dir, restore).executeAsync(scenario.jobName());
        try {
            ProgressWatchdog.await(job, Probes::records);
        } catch (ProgressWatchdog.JobHang hung) {
            hang = hung.getMessage();
        } catch (JobExecutionException failed) {
            error = Dumps.stackTrace(failed);
        } finally {
            stop(job);
            injected = FailureInjector.injected();
            FailureInjector.disarm();
        }
        long checkpoints = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
        OutputChecker.Verdict verdict = hang == null && error == null ? StressJob.check(scenario, dir) : null;
        return new RunResult(scenario, injected, job.restarts(), false, checkpoints, verdict, hang, error, millisSince(start));
    }

    /** Cancels a job that is still running (a no-op for one that ended), bounded: the watchdog already reported one that will not stop. */
    private static void stop(JobClient job) {
        try {
            job.cancel().get(ProgressWatchdog.CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notStopped) {
            // the watchdog's hang message says so, and the leak check names the threads
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
