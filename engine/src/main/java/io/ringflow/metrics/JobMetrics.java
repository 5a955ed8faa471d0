package io.ringflow.metrics;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.channel.Channel;
import io.ringflow.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A job's MBeans: {@code type=Job} for its life, {@code type=Task} and {@code type=Channel} for
 * each attempt's tasks and rings. One sampler thread per job computes the per-second figures.
 */
public final class JobMetrics implements JobMXBean {
    private final JobClient job;
    private final long startNanos = System.nanoTime();
    private final MBeans jobBeans = new MBeans();
    private final MBeans attemptBeans = new MBeans();
    private final Thread sampler;
    private volatile List<TaskMetrics> tasks = List.of();
    private volatile boolean running;
    private volatile long restoreDurationMs = -1;
    private volatile long endedAttemptLateRecordsDropped; // the last ended attempt's, kept for the JobClient
    // checkpoints counted so far: the statistics keep only the newest 1,000 settled ones
    private long countedUpToId = Long.MIN_VALUE;
    private long completed;
    private long failed;

    public JobMetrics(JobClient job) {
        this.job = job;
        // not named ringflow-<job>-*: that prefix is the job's task threads
        this.sampler = new Thread(this::sampleLoop, "ringflow-metrics-" + job.jobName());
        sampler.setDaemon(true);
    }

    /** Registers the job's MBean and starts sampling. */
    public void start() {
        jobBeans.register(MBeans.name("Job", job.jobName(), null, null), this);
        running = true;
        sampler.start();
    }

    /**
     * Registers the MBeans of an attempt's tasks and rings; {@code outputs.get(t)} are task t's
     * output rings. With {@code restored}, times the restore until every task runs its loop: a
     * mailbox action runs only once the task opened its operators, which restores their state.
     */
    public void attemptStarted(List<Task> attemptTasks, List<Channel[]> outputs, List<Channel> channels, boolean restored,
                               long attemptStartNanos) {
        attemptEnded();
        List<TaskMetrics> metrics = new ArrayList<>();
        for (int t = 0; t < attemptTasks.size(); t++) {
            Task task = attemptTasks.get(t);
            TaskMetrics taskMetrics = new TaskMetrics(task, task.inputChannels(), outputs.get(t));
            attemptBeans.register(MBeans.name("Task", job.jobName(), "task", task.name()), taskMetrics);
            metrics.add(taskMetrics);
        }
        for (Channel channel : channels) {
            attemptBeans.register(MBeans.name("Channel", job.jobName(), "channel", channel.name()), new ChannelMetrics(channel));
        }
        tasks = List.copyOf(metrics);
        if (restored) {
            restoreDurationMs = -1;
            AtomicInteger opening = new AtomicInteger(attemptTasks.size());
            for (Task task : attemptTasks) {
                task.mailbox().post(() -> {
                    if (opening.decrementAndGet() == 0) {
                        restoreDurationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStartNanos);
                    }
                });
            }
        }
    }

    /** Unregisters the attempt's task and ring MBeans. */
    public void attemptEnded() {
        if (!tasks.isEmpty()) {
            endedAttemptLateRecordsDropped = getNumLateRecordsDropped();
        }
        tasks = List.of();
        attemptBeans.unregisterAll();
        OperatorMetrics.unregisterJob(job.jobName());
    }

    /** Unregisters every MBean and stops the sampler; the job's end. */
    public void close() {
        running = false;
        attemptEnded();
        jobBeans.unregisterAll();
        if (sampler.isAlive() && sampler != Thread.currentThread()) {
            LockSupport.unpark(sampler);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records in and out per second of the running attempt's tasks, for progress lines; task name to {in, out}. */
    public List<TaskRate> taskRates() {
        return tasks.stream().map(t -> new TaskRate(t.name(), t.getRecordsInPerSecond(), t.getRecordsOutPerSecond(),
            t.getBackPressuredTimeMsPerSecond())).toList();
    }

    /** One task's per-second figures. */
    public record TaskRate(String task, double inPerSecond, double outPerSecond, long backPressuredMsPerSecond) {
    }

    private void sampleLoop() {
        long period = TimeUnit.SECONDS.toNanos(1) / TaskMetrics.SAMPLES_PER_SECOND;
        int samples = 0;
        while (running) {
            for (TaskMetrics task : tasks) {
                task.sample();
            }
            if (++samples % TaskMetrics.SAMPLES_PER_SECOND == 0) {
                countSettled();
            }
            LockSupport.parkNanos(period);
        }
    }

    private CheckpointStats lastCompleted() {
        List<CheckpointStats> stats = job.checkpointStats();
        for (int i = stats.size() - 1; i >= 0; i--) {
            if (stats.get(i).status() == CheckpointStatus.COMPLETED) {
                return stats.get(i);
            }
        }
        return null;
    }

    /** Counts the checkpoints settled since the last call, in id order, up to the oldest still in progress. */
    private synchronized void countSettled() {
        List<CheckpointStats> all = job.checkpointStats(); // settled ones by id, then those in progress
        long oldestRunning = all.stream().filter(s -> s.status() == CheckpointStatus.IN_PROGRESS)
            .mapToLong(CheckpointStats::id).min().orElse(Long.MAX_VALUE);
        for (CheckpointStats stats : all) {
            if (stats.status() == CheckpointStatus.IN_PROGRESS || stats.id() <= countedUpToId) {
                continue;
            }
            if (stats.id() > oldestRunning) {
                return;
            }
            if (stats.status() == CheckpointStatus.COMPLETED) {
                completed++;
            } else if (stats.status() == CheckpointStatus.FAILED || stats.status() == CheckpointStatus.EXPIRED) {
                failed++;
            }
            countedUpToId = stats.id();
        }
    }

    @Override
    public String getJobId() {
        return job.jobId();
    }

    @Override
    public String getStatus() {
        return job.status().name();
    }

    @Override
    public long getUptimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public int getRestarts() {
        return job.restarts();
    }

    @Override
    public synchronized long getCheckpointsCompleted() {
        countSettled();
        return completed;
    }

    @Override
    public synchronized long getCheckpointsFailed() {
        countSettled();
        return failed;
    }

    @Override
    public long getCheckpointsInProgress() {
        return job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.IN_PROGRESS).count();
    }

    @Override
    public long getLastCheckpointId() {
        CheckpointStats last = lastCompleted();
        return last == null ? -1 : last.id();
    }

    @Override
    public long getLastCheckpointDurationMs() {
        CheckpointStats last = lastCompleted();
        return last == null ? -1 : last.endToEndDurationMs();
    }

    @Override
    public long getLastCheckpointSizeBytes() {
        CheckpointStats last = lastCompleted();
        return last == null ? -1 : last.stateSizeBytes() + last.persistedInFlightBytes();
    }

    @Override
    public long getLastCheckpointCompletionTime() {
        CheckpointStats last = lastCompleted();
        return last == null ? -1 : last.triggerTimeMs() + last.completionMicros() / 1_000;
    }

    @Override
    public long getRestoredCheckpointId() {
        return job.lastRestoredCheckpointId().orElse(-1);
    }

    @Override
    public long getRestoreDurationMs() {
        return restoreDurationMs;
    }

    @Override
    public long getReplayedInFlightRecords() {
        return job.replayedInFlightRecords();
    }

    @Override
    public long getNumLateRecordsDropped() {
        long sum = 0;
        for (TaskMetrics task : tasks) {
            sum += task.getNumLateRecordsDropped();
        }
        return sum;
    }

    /** The running attempt's late records dropped; between attempts and after the job's end, the last attempt's. */
    public long numLateRecordsDropped() {
        List<TaskMetrics> running = tasks;
        return running.isEmpty() ? endedAttemptLateRecordsDropped : getNumLateRecordsDropped();
    }
}
