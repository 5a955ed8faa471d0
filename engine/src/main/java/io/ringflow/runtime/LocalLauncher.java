package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobLauncher;
import io.ringflow.api.JobSubmission;
import io.ringflow.checkpoint.JobCheckpoints;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.restore.Restore;
import io.ringflow.storage.CompletedCheckpoint;

/** Runs jobs in this process: plan, restore checks, checkpoint storage, then the job's first attempt. */
public final class LocalLauncher implements JobLauncher {
    @Override
    public JobClient launch(JobSubmission job) {
        JvmFlags.check();
        ExecutionPlan plan = ExecutionPlan.build(job.graph(), job.parallelism(), job.maxParallelism());
        String storageJobId = Restore.storageJobId(job.jobName());
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
            job.maxRecordSize()),
            job.restartStrategy(), checkpoints);
        if (restoreFrom != null) {
            local.restoreOpenedIn(System.nanoTime() - openStart);
        }
        local.start();
        return local;
    }
}
