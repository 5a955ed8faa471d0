package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobLauncher;
import io.ringflow.api.JobSubmission;
import io.ringflow.checkpoint.JobCheckpoints;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.StreamNode;
import io.ringflow.restore.Restore;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.layout.JobDirectoryLock;

import java.util.ArrayList;
import java.util.List;

/** Runs jobs in this process: plan, restore checks, checkpoint storage, then the job's first attempt. */
public final class LocalLauncher implements JobLauncher {
    @Override
    public JobClient launch(JobSubmission job) {
        JvmFlags.check();
        ExecutionPlan plan = ExecutionPlan.build(job.graph(), job.parallelism(), job.maxParallelism());
        checkLastOutputCommits(plan, job.checkpointConfig());
        String storageJobId = Restore.storageJobId(job.jobName());
        AutoCloseable directoryLock = lockJobDirectory(job, storageJobId);
        try {
            return launch(job, plan, storageJobId, directoryLock);
        } catch (RuntimeException | Error e) {
            if (directoryLock != null) {
                try {
                    directoryLock.close();
                } catch (Exception ignored) {
                    // released with its channel
                }
            }
            throw e;
        }
    }

    /** Before anything reads the job's checkpoints: another run of the job could be writing them. */
    private static AutoCloseable lockJobDirectory(JobSubmission job, String storageJobId) {
        StorageOptions storage = job.checkpointConfig().storageOptions();
        if (!job.checkpointConfig().isCheckpointingEnabled() || storage.kind() != StorageOptions.Kind.FILESYSTEM
            || storage.checkpointsDir() == null) {
            return null;
        }
        return JobDirectoryLock.acquire(CheckpointLayout.jobDir(storage.checkpointsDir(), storageJobId), job.jobName());
    }

    private static JobClient launch(JobSubmission job, ExecutionPlan plan, String storageJobId, AutoCloseable directoryLock) {
        CompletedCheckpoint restoreFrom = null;
        long openStart = System.nanoTime();
        if (job.restore() != null) {
            restoreFrom = Restore.open(job.restore(), job.checkpointConfig().storageOptions(), storageJobId);
            Restore.check(restoreFrom, plan, job.allowNonRestoredState());
            if (Restore.LATEST.equals(job.restore())) {
                Restore.checkFallback(restoreFrom, job.checkpointConfig().storageOptions(), storageJobId, plan,
                    job.allowDuplicateOutput());
            }
        }
        JobCheckpoints checkpoints = new JobCheckpoints(storageJobId, job.checkpointConfig(),
            Restore.operatorDescriptors(plan), restoreFrom, job.clock());
        LocalJob local = new LocalJob(plan, new JobConfig(job.jobName(), job.maxParallelism(), job.ringSize(),
            job.slotSize(), job.idleStrategy(), job.clock(), job.autoWatermarkIntervalMs(), job.checkpointConfig(),
            job.maxRecordSize(), job.taskCancellationIntervalMs(), job.taskCancellationTimeoutMs(), job.allowDuplicateOutput(),
            java.util.UUID.randomUUID().toString().replace("-", ""), job.graph().globalJobParameters()),
            job.restartStrategy(), checkpoints, directoryLock);
        if (restoreFrom != null) {
            local.restoreOpenedIn(System.nanoTime() - openStart);
        }
        local.start();
        return local;
    }

    /**
     * Without checkpoints after tasks finish, no checkpoint follows the end of a bounded input, so a
     * two-phase-commit sink never commits what it wrote after the last one: records lost from a job
     * that still ends FINISHED (as in Flink before 1.14). Refused rather than lost silently.
     */
    private static void checkLastOutputCommits(ExecutionPlan plan, CheckpointConfig checkpoints) {
        if (!checkpoints.isCheckpointingEnabled() || checkpoints.isCheckpointsAfterTasksFinish()) {
            return;
        }
        List<String> bounded = new ArrayList<>();
        List<String> committing = new ArrayList<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                if (node.boundedSource()) {
                    bounded.add(node.describe());
                }
                if (node.commitsAtCheckpoints()) {
                    committing.add(node.describe());
                }
            }
        }
        if (!bounded.isEmpty() && !committing.isEmpty()) {
            throw new InvalidJobException(CheckpointConfig.AFTER_TASKS_FINISH
                + " is off, so no checkpoint follows the end of the bounded source(s) " + bounded + ", and the sink(s) "
                + committing + " would never commit what they wrote after the last checkpoint before it (records lost);"
                + " leave it on (the default: the final checkpoint commits everything)");
        }
    }
}
