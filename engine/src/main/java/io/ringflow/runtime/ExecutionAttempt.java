package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.channel.Channel;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.checkpoint.CheckpointCoordinator;
import io.ringflow.checkpoint.JobCheckpoints;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.CpuSlices;
import io.ringflow.task.Task;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One run of a job's tasks: their threads, the rings between them and the checkpoint
 * coordinator. The first failure fails the attempt: every other task is cancelled. Ring memory
 * is freed once every thread has ended, whatever the outcome; then the job is told.
 */
final class ExecutionAttempt implements Task.TaskListener {
    /** How an attempt ended. */
    record Outcome(boolean cancelled, Throwable failure) {
    }

    private final String name;
    private final List<Task> tasks;
    private final List<Channel> channels;
    private final List<Thread> threads;
    private final AtomicInteger runningTasks;
    private final Consumer<Outcome> onEnd;
    private final CheckpointCoordinator coordinator;
    private final SnapshotWriter snapshotWriter;
    private final long yieldAfterNanos; // the checkpoint's background threads give their core up this often
    // the longest the coordinator parks without a wake-up: a manual clock moves without waking it
    private static final long MAX_COORDINATOR_PARK_MS = 10;

    private final io.ringflow.metrics.JobMetrics metrics;
    private final List<Channel[]> outputChannels;
    private final boolean restored;
    private final long startNanos = System.nanoTime();
    private final Thread coordinatorThread;
    private final TaskReports reports;
    private final io.ringflow.api.Clock clock;
    private volatile boolean coordinatorRunning;
    private final boolean checkpointingEnabled;
    private boolean ended;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private volatile io.ringflow.restore.RestoreTimings restoreTimings; // null unless restoring

    ExecutionAttempt(ExecutionPlan plan, JobConfig config, CompletedCheckpoint restoreFrom, JobCheckpoints checkpoints,
                     int attemptNumber, java.util.concurrent.atomic.LongAdder replayedInFlight,
                     io.ringflow.metrics.JobMetrics metrics, Consumer<Outcome> onEnd) {
        this.name = config.jobName();
        this.metrics = metrics;
        this.restored = restoreFrom != null;
        this.onEnd = onEnd;
        this.reports = new TaskReports();
        this.clock = config.clock();
        this.yieldAfterNanos = config.checkpointConfig().getYieldAfterMicros() * 1_000L;
        this.snapshotWriter = new SnapshotWriter(name, yieldAfterNanos, this::openWriter, this::acknowledged);
        TaskBuilder builder = new TaskBuilder(plan, config, this, restoreFrom, attemptNumber, replayedInFlight,
            snapshotWriter, reports, checkpoints::triggerTimeMs);
        this.tasks = builder.tasks();
        this.channels = builder.channels();
        this.outputChannels = builder.outputChannels();
        this.threads = tasks.stream().map(task -> {
            Thread thread = new Thread(task, "ringflow-" + name + "-" + task.name());
            thread.setUncaughtExceptionHandler((t, e) -> taskExited(task, e));
            return thread;
        }).toList();
        this.runningTasks = new AtomicInteger(tasks.size());
        CheckpointConfig checkpointConfig = config.checkpointConfig();
        this.checkpointingEnabled = checkpointConfig.isCheckpointingEnabled();
        this.coordinator = checkpoints.newCoordinator(tasks, builder.graph(), reports, config.clock(), this::fail,
            this::diagnostics);
        this.coordinatorThread = new Thread(this::runCoordinator, "ringflow-" + name + "-checkpoint-coordinator");
    }

    void start() {
        // The coordinator first: a short job's last task may end the attempt before start() returns.
        if (checkpointingEnabled) {
            startCoordinator();
        }
        metrics.attemptStarted(tasks, outputChannels, channels, restored, startNanos);
        threads.forEach(Thread::start);
    }

    /** Without periodic checkpoints the coordinator's thread starts only for a savepoint; never after the end. */
    private synchronized void startCoordinator() {
        if (!ended && !coordinatorRunning && !coordinatorThread.isAlive()) {
            coordinatorRunning = true;
            coordinatorThread.start();
        }
    }

    CheckpointCoordinator coordinator() {
        startCoordinator();
        return coordinator;
    }

    List<Task> tasks() {
        return tasks;
    }

    /** Read off the task's thread: its collections may change while read, so a second try usually gets through. */
    private static String describe(Task task) {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return task.describe();
            } catch (RuntimeException changing) {
                failure = changing;
            }
        }
        return "task " + task.name() + ": state changed while read (" + failure + ")\n";
    }

    /** Every task's channels, barriers and thread stack; any thread, best effort. */
    String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++) {
            Thread thread = threads.get(i);
            out.append(describe(tasks.get(i))).append("  thread ").append(thread.getName()).append(' ')
                .append(thread.getState()).append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                out.append("      at ").append(frame).append('\n');
            }
        }
        out.append("coordinator ").append(coordinatorThread.getState()).append('\n');
        return out.toString();
    }

    /** The snapshot writer's way to an open checkpoint's files; tasks start only once the coordinator exists. */
    private io.ringflow.storage.CheckpointWriter openWriter(long checkpointId) {
        return coordinator.writerFor(checkpointId);
    }

    /**
     * On the snapshot writer's thread: the cycle that may complete the checkpoint runs here, on a
     * core already; the coordinator's thread is woken only if that cycle brought its next decision
     * forward (a completion frees a slot for the next trigger) or another cycle was running.
     */
    private void acknowledged(io.ringflow.checkpoint.TaskAcknowledgement ack) {
        reports.offerQuietly(ack);
        if (!coordinatorRunning) {
            reports.wakeConsumer();
            return;
        }
        try {
            if (coordinator.tryDoWork() < 0) {
                reports.wakeConsumer();
            } else {
                long nowMs = clock.currentTimeMillis();
                reports.wakeConsumerBefore(nowMs + coordinator.millisUntilDue(nowMs));
            }
        } catch (Throwable t) {
            reports.wakeConsumer();
            fail(t);
        }
    }

    private void runCoordinator() {
        // Parks until a decision falls due or a report or request wakes it: on 2 cores a thread that
        // polled every millisecond took the CPU from task threads a thousand times a second.
        reports.consumedBy(Thread.currentThread());
        CpuSlices.enable(yieldAfterNanos);
        try {
            while (coordinatorRunning) {
                if (coordinator.doWork() == 0) {
                    long parkMs = Math.min(MAX_COORDINATOR_PARK_MS, coordinator.millisUntilDue(clock.currentTimeMillis()));
                    if (parkMs > 0) {
                        reports.parkConsumer(clock.currentTimeMillis(), parkMs);
                    }
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Times the restore by phase; set before {@link #start()}. */
    void timeRestore(io.ringflow.restore.RestoreTimings timings) {
        this.restoreTimings = timings;
    }

    int taskCount() {
        return tasks.size();
    }

    @Override
    public void operatorsOpened(Task task, long nanos) {
        io.ringflow.restore.RestoreTimings timings = restoreTimings;
        if (timings != null) {
            timings.stateRestored(nanos);
        }
    }

    @Override
    public void inFlightReplayed(Task task, long nanos) {
        io.ringflow.restore.RestoreTimings timings = restoreTimings;
        if (timings != null) {
            timings.inFlightReplayed(nanos);
        }
    }

    @Override
    public void taskExited(Task task, Throwable taskFailure) {
        if (taskFailure != null) {
            fail(taskFailure);
        }
        if (runningTasks.decrementAndGet() == 0) {
            // The last task's thread cannot wait for its own end: a short-lived thread joins every
            // task thread, so the job ends only once all of them have.
            try {
                Thread reaper = new Thread(this::terminate, "ringflow-" + name + "-job-end");
                reaper.setDaemon(true);
                reaper.start();
            } catch (Throwable noThread) {
                terminate(); // no thread to spare: end the attempt from here rather than never
            }
        }
    }

    /** Flags every task and interrupts its thread, so a task waiting in user code (a sink's blocking write) ends too. */
    private void cancelTasks() {
        tasks.forEach(Task::cancel);
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    /** The first failure fails the attempt: every task is cancelled. */
    void fail(Throwable cause) {
        synchronized (this) {
            if (failure == null && !cancelled) {
                failure = cause;
                coordinator.attemptFailing();
                cancelTasks();
            }
        }
    }

    void cancel() {
        synchronized (this) {
            if (failure == null) {
                cancelled = true;
            }
            coordinator.attemptFailing();
            cancelTasks();
        }
    }

    private void terminate() {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                joinQuietly(thread);
            }
        }
        synchronized (this) {
            ended = true;
            coordinatorRunning = false;
        }
        reports.wakeConsumer();
        if (coordinatorThread.isAlive() && coordinatorThread != Thread.currentThread()) {
            joinQuietly(coordinatorThread);
        }
        if (failure != null || cancelled) {
            // Its pending checkpoints can never complete: aborted first, a snapshot being written fails at
            // its next spill instead of being finished (W4: up to 200 ms of a 36 MB state before the restart).
            coordinator.abortAll();
        }
        snapshotWriter.close();
        if (failure == null && !cancelled) {
            // Every task finished: settle the checkpoints their last snapshots acknowledged, now written.
            try {
                coordinator.doWork();
            } catch (Throwable t) {
                failure = t;
            }
        }
        coordinator.abortAll();
        metrics.attemptEnded(); // before the rings' memory is freed: their beans read it
        channels.forEach(Channel::close);
        onEnd.accept(new Outcome(cancelled && failure == null, failure));
    }

    /** Waits for {@code thread} to end even if interrupted: ring memory is freed after, so it must not run then. */
    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
