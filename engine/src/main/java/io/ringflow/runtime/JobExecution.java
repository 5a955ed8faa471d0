package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobExecutionResult;
import io.ringflow.api.JobStatus;
import io.ringflow.channel.Channel;
import io.ringflow.checkpoint.BarrierHandler;
import io.ringflow.checkpoint.BarrierMode;
import io.ringflow.checkpoint.CheckpointCoordinator;
import io.ringflow.checkpoint.OperatorSnapshot;
import io.ringflow.checkpoint.SnapshotWriter;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.StreamNode;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.task.Task;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.ArrayList;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a job: its tasks, their threads and the rings between them. The first task
 * failure fails the whole job over: every other task is cancelled, and the job reports that
 * first exception. Ring memory is freed once every thread has ended, whatever the outcome.
 */
public final class JobExecution implements JobClient, Task.TaskListener {
    private final String jobId = UUID.randomUUID().toString().replace("-", "");
    private final JobConfig config;
    private final List<Task> tasks;
    private final List<Channel> channels;
    private final List<Thread> threads;
    private final AtomicInteger runningTasks;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile JobStatus status = JobStatus.CREATED;
    private volatile Throwable failureCause;
    private CheckpointStorage checkpointStorage;
    private CheckpointCoordinator coordinator;
    private SnapshotWriter snapshotWriter;
    private Thread coordinatorThread;
    private volatile boolean coordinatorRunning;

    public JobExecution(ExecutionPlan plan, JobConfig config) {
        this.config = config;
        TaskBuilder builder = new TaskBuilder(plan, config, this);
        this.tasks = builder.tasks();
        this.channels = builder.channels();
        this.threads = tasks.stream().map(task -> {
            Thread thread = new Thread(task, "ringflow-" + config.jobName() + "-" + task.name());
            thread.setUncaughtExceptionHandler((t, e) -> taskExited(task, e));
            return thread;
        }).toList();
        this.runningTasks = new AtomicInteger(tasks.size());
        if (config.checkpointConfig().isCheckpointingEnabled()) {
            setUpCheckpointing(plan, builder);
        }
    }

    private void setUpCheckpointing(ExecutionPlan plan, TaskBuilder builder) {
        CheckpointConfig checkpointConfig = config.checkpointConfig();
        checkpointStorage = CheckpointStorage.create(checkpointConfig.storageOptions());
        coordinator = new CheckpointCoordinator(storageJobId(), checkpointConfig, checkpointStorage, tasks,
            builder.upstreams(), operatorDescriptors(plan), config.clock(), this::fail);
        snapshotWriter = new SnapshotWriter(config.jobName(), coordinator::writerFor, coordinator::acknowledge);
        BarrierMode mode = BarrierMode.of(checkpointConfig);
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            BarrierHandler barriers = task.isSource() ? null : new BarrierHandler(mode,
                checkpointConfig.getAlignedCheckpointTimeoutMs(), config.clock(), task.inputChannels(),
                builder.inputDescriptors(task), task);
            task.enableCheckpointing(i, snapshotWriter, barriers);
        }
        coordinatorThread = new Thread(this::runCoordinator, "ringflow-" + config.jobName() + "-checkpoint-coordinator");
    }

    /** Checkpoints of a job live under its name, so a later run of the same job finds them. */
    public String storageJobId() {
        return config.jobName().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private List<OperatorDescriptor> operatorDescriptors(ExecutionPlan plan) {
        List<OperatorDescriptor> operators = new ArrayList<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                operators.add(new OperatorDescriptor(node.uid(), node.parallelism(), plan.maxParallelism()));
                if (node.keyed()) {
                    operators.add(new OperatorDescriptor(OperatorSnapshot.timersUid(node.uid()), node.parallelism(),
                        plan.maxParallelism()));
                }
            }
        }
        return operators;
    }

    private void runCoordinator() {
        SleepingIdleStrategy idle = new SleepingIdleStrategy(1_000_000);
        try {
            while (coordinatorRunning) {
                idle.idle(coordinator.doWork());
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    public void start() {
        status = JobStatus.RUNNING;
        // The coordinator first: tasks that all finish at once stop it as they terminate the job.
        if (coordinatorThread != null) {
            coordinatorRunning = true;
            coordinatorThread.start();
        }
        threads.forEach(Thread::start);
    }

    @Override
    public void taskExited(Task task, Throwable failure) {
        if (failure != null) {
            fail(failure);
        }
        if (runningTasks.decrementAndGet() == 0) {
            terminate();
        }
    }

    /** The first failure fails the job: every task is cancelled. */
    private void fail(Throwable failure) {
        synchronized (this) {
            if (failureCause == null && status == JobStatus.RUNNING) {
                failureCause = failure;
                status = JobStatus.FAILING;
                tasks.forEach(Task::cancel);
            }
        }
    }

    /** Statistics of every checkpoint of this run so far; empty without checkpointing. */
    @Override
    public List<CheckpointStats> checkpointStats() {
        return coordinator == null ? List.of() : coordinator.stats();
    }

    private void terminate() {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                joinQuietly(thread);
            }
        }
        stopCheckpointing();
        channels.forEach(Channel::close);
        JobStatus finalStatus;
        synchronized (this) {
            finalStatus = failureCause != null ? JobStatus.FAILED
                : status == JobStatus.CANCELLING ? JobStatus.CANCELED : JobStatus.FINISHED;
            status = finalStatus;
        }
        if (finalStatus == JobStatus.CANCELED && checkpointStorage != null) {
            checkpointStorage.onJobCancelled(storageJobId());
        }
        terminated.complete(null);
        if (finalStatus == JobStatus.FAILED) {
            result.completeExceptionally(new JobExecutionException(config.jobName(), failureCause));
        } else {
            result.complete(new JobExecutionResult(jobId, config.jobName(), finalStatus,
                (System.nanoTime() - startNanos) / 1_000_000));
        }
    }

    private void stopCheckpointing() {
        if (coordinatorThread == null) {
            return;
        }
        coordinatorRunning = false;
        if (coordinatorThread.isAlive()) {
            joinQuietly(coordinatorThread);
        }
        snapshotWriter.close();
        if (failureCause == null && status == JobStatus.RUNNING) {
            // Every task finished: settle the checkpoints their last snapshots acknowledged, now written.
            try {
                coordinator.doWork();
            } catch (Throwable t) {
                fail(t);
            }
        }
        coordinator.abortAll();
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Void> cancel() {
        synchronized (this) {
            if (status == JobStatus.RUNNING || status == JobStatus.CREATED) {
                status = JobStatus.CANCELLING;
                tasks.forEach(Task::cancel);
            }
        }
        return terminated;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String jobName() {
        return config.jobName();
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failureCause);
    }

    @Override
    public CompletableFuture<JobExecutionResult> result() {
        return result;
    }

    public List<Task> tasks() {
        return tasks;
    }
}
