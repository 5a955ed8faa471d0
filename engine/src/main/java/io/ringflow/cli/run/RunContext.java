package io.ringflow.cli.run;

import io.ringflow.api.ExecutionContext;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.restore.Restore;
import io.ringflow.storage.layout.CheckpointLayout;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The context {@code ringflow run} executes a program in: every environment the program creates
 * reads {@code --config} first, and every job it executes gets {@code --restore} and a control
 * socket. A stop signal ends the jobs with a final savepoint, or cancels a job that cannot take one.
 */
final class RunContext implements ExecutionContext {
    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final List<RunningJob> jobs = new ArrayList<>();               // guarded by this
    private final Map<String, Launching> launching = new HashMap<>();      // guarded by this
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    private boolean stopping;                                              // guarded by this
    private boolean cancelNow;                                             // guarded by this: a second signal
    private static final long LAUNCH_WAIT_NANOS = 120_000_000_000L;        // a restore of a large state takes seconds
    private final Consumer<StreamEnvironment> overrides;

    /** A job between launching() and started(): its control socket waits for the client. */
    private record Launching(ControlEndpoint endpoint, AtomicReference<JobClient> client, String noSavepointReason) {
    }

    /** A started job; {@code noSavepointReason} is null when it can stop with a savepoint. */
    record RunningJob(JobClient client, ControlEndpoint endpoint, String noSavepointReason) {
    }

    RunContext(RunOptions options, PrintStream out, PrintStream err) {
        this(options, out, err, env -> { });
    }

    /** {@code overrides} change each job's environment last, before it starts (a replay's settings). */
    RunContext(RunOptions options, PrintStream out, PrintStream err, Consumer<StreamEnvironment> overrides) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.overrides = overrides;
    }

    @Override
    public void configure(StreamEnvironment env) {
        if (options.config() != null) {
            env.configure(options.config());
        }
    }

    @Override
    public synchronized void launching(StreamEnvironment env, String jobName) {
        if (stopping) {
            throw new IllegalStateException("ringflow run is stopping: job '" + jobName + "' not started");
        }
        if (options.restore() != null) {
            env.setRestore(options.restore());
            env.setAllowNonRestoredState(options.allowNonRestoredState());
        }
        overrides.accept(env);
        Launching previous = launching.remove(jobName);
        if (previous != null) {
            previous.endpoint().close(); // an earlier launch of this name that failed
        }
        AtomicReference<JobClient> client = new AtomicReference<>();
        ControlEndpoint endpoint;
        try {
            endpoint = ControlEndpoint.open(jobName, request -> serve(client.get(), request));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the control socket of job '" + jobName + "': " + e.getMessage(), e);
        }
        launching.put(jobName, new Launching(endpoint, client, noSavepointReason(env)));
    }

    private static String noSavepointReason(StreamEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            return "checkpointing is off";
        }
        if (env.getCheckpointConfig().storageOptions().savepointsDir() == null) {
            return "no savepoint directory: set state.savepoints.dir";
        }
        return null;
    }

    @Override
    public synchronized void launchFailed(String jobName) {
        Launching failed = launching.remove(jobName);
        if (failed != null) {
            failed.endpoint().close();
        }
        notifyAll(); // a stop waiting for the launch goes on without it
    }

    @Override
    public void started(JobClient job) {
        RunningJob running;
        synchronized (this) {
            Launching launched = launching.remove(job.jobName());
            launched.client().set(job);
            running = new RunningJob(job, launched.endpoint(), launched.noSavepointReason());
            jobs.add(running);
            notifyAll(); // a stop waiting for the launch stops it now
        }
        out.println("job '" + job.jobName() + "' running (id " + job.jobId() + "); savepoint: ringflow savepoint --job "
            + job.jobName());
        job.lastRestoredCheckpointId().ifPresent(id -> out.println("restore: job '" + job.jobName() + "' from checkpoint " + id
            + " (--restore " + options.restore() + ")"));
        job.result().whenComplete((result, failure) -> running.endpoint().close());
    }

    /** One request of the control socket: {@code savepoint [DIR]}. */
    private static String serve(JobClient job, String request) {
        if (job == null) {
            return "error the job is still starting";
        }
        String[] words = request.trim().split(" ", 2);
        if (!words[0].equals("savepoint")) {
            return "error unknown request '" + words[0] + "'";
        }
        Path dir = words.length < 2 || words[1].isBlank() ? null
            : Path.of(words[1]).resolve(CheckpointLayout.savepointDirName(Restore.storageJobId(job.jobName())));
        try {
            return "ok " + job.triggerSavepoint(dir).get();
        } catch (ExecutionException e) {
            return "error " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error interrupted";
        } catch (IllegalStateException e) {
            return "error " + e.getMessage();
        }
    }

    synchronized List<RunningJob> jobs() {
        return List.copyOf(jobs);
    }

    synchronized boolean stopping() {
        return stopping;
    }

    /** Completes with the exit code once a stop ended every job. */
    CompletableFuture<Integer> stopped() {
        return stopped;
    }

    /** Every started job's end, failed or not. */
    CompletableFuture<Void> allEnded() {
        return CompletableFuture.allOf(jobs().stream().map(job -> job.client().result().handle((r, e) -> null))
            .toArray(CompletableFuture[]::new));
    }

    /**
     * On a stop signal: each running job stops with a final savepoint whose path is printed, or,
     * without one, is cancelled saying why. A second signal cancels at once.
     */
    void stop(String signal) {
        List<RunningJob> toStop;
        boolean cancelled;
        synchronized (this) {
            if (stopping) {
                err.println("ringflow run: " + signal + " again: cancelling without waiting for the savepoint");
                cancelNow = true;
                jobs.forEach(job -> job.client().cancel());
                notifyAll();
                return;
            }
            stopping = true;
            // a job still launching (restoring, say) is stopped once it runs, not left to System.exit
            // (before 2026-12-07 the run exited 0 without a savepoint or a word)
            if (!launching.isEmpty()) {
                out.println("ringflow run: " + signal + ": waiting for job(s) " + launching.keySet() + " to start, to stop"
                    + " them with a savepoint");
                out.flush();
            }
            long deadline = System.nanoTime() + LAUNCH_WAIT_NANOS;
            while (!launching.isEmpty() && !cancelNow && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (cancelNow) {
                jobs.forEach(job -> job.client().cancel());
            }
            toStop = List.copyOf(jobs);
            cancelled = cancelNow;
        }
        int code = cancelled ? 1 : 0;
        for (RunningJob job : toStop) {
            code = Math.max(code, stop(job, signal));
        }
        for (RunningJob job : toStop) {
            job.client().result().handle((r, e) -> null).join();
        }
        out.flush();
        stopped.complete(code);
    }

    private int stop(RunningJob job, String signal) {
        String name = job.client().jobName();
        if (job.client().status() != JobStatus.RUNNING && job.client().status() != JobStatus.RESTARTING) {
            return 0; // it ended already
        }
        if (job.noSavepointReason() != null) {
            out.println("ringflow run: " + signal + ": job '" + name + "' cannot stop with a savepoint ("
                + job.noSavepointReason() + "); cancelling it");
            job.client().cancel().join();
            return 0;
        }
        out.println("ringflow run: " + signal + ": stopping job '" + name + "' with a savepoint");
        out.flush();
        try {
            Path savepoint = job.client().stopWithSavepoint(null).get();
            out.println("savepoint: " + savepoint);
            out.println("restore with: --restore " + savepoint);
            return 0;
        } catch (ExecutionException | IllegalStateException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            boolean secondSignal;
            synchronized (this) {
                secondSignal = cancelNow;
            }
            err.println(secondSignal ? "ringflow run: job '" + name + "' cancelled by the second signal before its savepoint"
                + " completed; restore it from its latest checkpoint (--restore latest)"
                : "ringflow run: the savepoint of job '" + name + "' failed: " + cause.getMessage() + "; cancelling it");
            job.client().cancel().join();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.client().cancel().join();
            return 1;
        }
    }

    /** Closes the sockets of launches that never started. */
    synchronized void closeEndpoints() {
        launching.values().forEach(l -> l.endpoint().close());
        launching.clear();
        jobs.forEach(job -> job.endpoint().close());
    }
}
