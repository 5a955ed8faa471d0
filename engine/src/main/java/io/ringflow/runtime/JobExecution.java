package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobExecutionResult;
import io.ringflow.api.JobStatus;
import io.ringflow.channel.Channel;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.task.Task;

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
    }

    public void start() {
        status = JobStatus.RUNNING;
        threads.forEach(Thread::start);
    }

    @Override
    public void taskExited(Task task, Throwable failure) {
        if (failure != null) {
            synchronized (this) {
                if (failureCause == null && status == JobStatus.RUNNING) {
                    failureCause = failure;
                    status = JobStatus.FAILING;
                    cancelTasks();
                }
            }
        }
        if (runningTasks.decrementAndGet() == 0) {
            // The last task's thread cannot wait for its own end: a short-lived thread joins every
            // task thread, so the futures complete only once all of them have ended.
            try {
                Thread reaper = new Thread(this::terminate, "job-end-" + config.jobName());
                reaper.setDaemon(true);
                reaper.start();
            } catch (Throwable noThread) {
                terminate(); // no thread to spare: end the job from here rather than never
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

    private void terminate() {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                joinQuietly(thread);
            }
        }
        channels.forEach(Channel::close);
        JobStatus finalStatus;
        synchronized (this) {
            finalStatus = failureCause != null ? JobStatus.FAILED
                : status == JobStatus.CANCELLING ? JobStatus.CANCELED : JobStatus.FINISHED;
            status = finalStatus;
        }
        terminated.complete(null);
        if (finalStatus == JobStatus.FAILED) {
            result.completeExceptionally(new JobExecutionException(config.jobName(), failureCause));
        } else {
            result.complete(new JobExecutionResult(jobId, config.jobName(), finalStatus,
                (System.nanoTime() - startNanos) / 1_000_000));
        }
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
                cancelTasks();
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
