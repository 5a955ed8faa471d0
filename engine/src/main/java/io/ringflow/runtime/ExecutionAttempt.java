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
    /** How an attempt ended; not {@code restartable} when threads of it still run. */
    record Outcome(boolean cancelled, Throwable failure, boolean restartable) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExecutionAttempt.class);

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
    private final long cancellationIntervalMs;
    private final long cancellationTimeoutMs;
    private final java.util.concurrent.CountDownLatch tasksExited = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean endReported = new java.util.concurrent.atomic.AtomicBoolean();
    private Thread cancellationWatchdog; // guarded by this
    private volatile boolean abandoned; // ended while some task threads still ran: their rings are freed when they end

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
        this.cancellationIntervalMs = config.taskCancellationIntervalMs();
        this.cancellationTimeoutMs = config.taskCancellationTimeoutMs();
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
                    // Decisions fall due on whole milliseconds: with the system clock, park until that
                    // millisecond begins, not a whole millisecond from now (a 1 ms interval ran every 1.36 ms).
                    long nowMicros = clock == io.ringflow.api.Clock.SYSTEM ? currentTimeMicros() : clock.currentTimeMillis() * 1000;
                    long nowMs = nowMicros / 1000;
                    long parkMs = Math.min(MAX_COORDINATOR_PARK_MS, coordinator.millisUntilDue(nowMs));
                    if (parkMs > 0) {
                        reports.parkConsumer(nowMs, parkMs, parkMs * 1_000_000 - (nowMicros % 1000) * 1000);
                    }
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** The system clock in µs (the same clock as {@code System.currentTimeMillis()}). */
    private static long currentTimeMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
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
            tasksExited.countDown();
            // The last task's thread cannot wait for its own end: a short-lived thread joins every
            // task thread, so the job ends only once all of them have.
            Runnable end = abandoned ? this::freeAbandonedRings : () -> terminate(false);
            try {
                Thread reaper = new Thread(end, "ringflow-" + name + "-job-end");
                reaper.setDaemon(true);
                reaper.start();
            } catch (Throwable noThread) {
                end.run(); // no thread to spare: end the attempt from here rather than never
            }
        }
    }

    /** Flags every task and interrupts its thread, so a task waiting in user code (a sink's blocking write) ends too. */
    private void cancelTasks() {
        tasks.forEach(Task::cancel);
        interruptTaskThreads();
        if (cancellationWatchdog == null && runningTasks.get() > 0) {
            cancellationWatchdog = new Thread(this::watchCancellation, "ringflow-" + name + "-cancellation-watchdog");
            cancellationWatchdog.setDaemon(true);
            cancellationWatchdog.start();
        }
    }

    private void interruptTaskThreads() {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    /**
     * As Flink's task canceler: a task thread still in user code that ignores interrupts is
     * interrupted again every interval, its stack logged; after the timeout the attempt ends
     * without it (Flink kills the task manager there; an embedded engine leaves the user's process alone).
     */
    private void watchCancellation() {
        long start = System.nanoTime();
        try {
            while (true) {
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                long leftMs = cancellationTimeoutMs == 0 ? cancellationIntervalMs : cancellationTimeoutMs - waitedMs;
                if (leftMs <= 0) {
                    abandon(waitedMs);
                    return;
                }
                if (tasksExited.await(Math.min(cancellationIntervalMs, leftMs), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
                waitedMs = (System.nanoTime() - start) / 1_000_000;
                for (String stuck : stuckTasks()) {
                    LOG.warn("job '{}': {} has not stopped {} ms after it was cancelled; interrupting it again", name,
                        stuck, waitedMs);
                }
                interruptTaskThreads();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each task thread still alive, named with its stack. */
    private List<String> stuckTasks() {
        List<String> stuck = new java.util.ArrayList<>();
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                StringBuilder text = new StringBuilder("task thread '" + thread.getName() + "' (" + thread.getState() + ")");
                for (StackTraceElement frame : thread.getStackTrace()) {
                    text.append("\n      at ").append(frame);
                }
                stuck.add(text.toString());
            }
        }
        return stuck;
    }

    private void abandon(long waitedMs) {
        List<String> stuck = stuckTasks();
        if (stuck.isEmpty()) {
            return; // they ended meanwhile: the last one's exit ends the attempt
        }
        TaskCancellationTimeoutException timeout = new TaskCancellationTimeoutException(name, waitedMs,
            cancellationTimeoutMs, stuck, failure);
        LOG.error("{}", timeout.getMessage());
        abandoned = true;
        if (runningTasks.get() > 0) {
            terminate(true, timeout);
        }
    }

    /** The abandoned threads ended after all: their rings can go now. */
    private void freeAbandonedRings() {
        Thread watchdog;
        synchronized (this) {
            watchdog = cancellationWatchdog;
        }
        if (watchdog != null && watchdog != Thread.currentThread()) {
            joinQuietly(watchdog); // it may still be ending the attempt
        }
        if (!endReported.get()) {
            terminate(false); // they ended just before the timeout ended the attempt
            return;
        }
        channels.forEach(Channel::close);
        LOG.info("job '{}': the task threads left running after the cancellation timeout ended; their rings are freed", name);
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

    private void terminate(boolean abandoning) {
        terminate(abandoning, null);
    }

    /** {@code abandoning}: some task threads did not stop; the attempt ends without them, its rings kept for them. */
    private void terminate(boolean abandoning, Throwable abandonCause) {
        if (!endReported.compareAndSet(false, true)) {
            return;
        }
        for (Thread thread : threads) {
            if (thread != Thread.currentThread() && !abandoning) {
                joinQuietly(thread);
            }
        }
        Thread watchdog;
        synchronized (this) {
            watchdog = cancellationWatchdog;
        }
        if (watchdog != null && watchdog != Thread.currentThread() && !abandoning) {
            joinQuietly(watchdog); // woken by the last task's exit: no thread of the attempt outlives its end
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
        if (abandoning) {
            onEnd.accept(new Outcome(cancelled && failure == null, abandonCause, false));
            return;
        }
        channels.forEach(Channel::close);
        onEnd.accept(new Outcome(cancelled && failure == null, failure, true));
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
