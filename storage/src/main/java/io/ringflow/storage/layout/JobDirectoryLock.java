package io.ringflow.storage.layout;

import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.file.ExclusiveFileLock;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One running job per job directory: a lock on {@code job.lock} there, from the job's start (before
 * it looks for checkpoints to restore or to number after) to its end. Two runs of one job name
 * into one checkpoint directory would each delete the other's checkpoints in progress as leftovers
 * and fail; the second is refused instead, in this process or another. A restart after a crash
 * or a kill finds the lock free.
 */
public final class JobDirectoryLock {
    public static final String FILE_NAME = "job.lock";
    private static final long WAIT_FOR_PREVIOUS_MS = 5_000; // a previous run still exiting

    private JobDirectoryLock() {
    }

    public static ExclusiveFileLock acquire(Path jobDir, String jobName) {
        return acquire(jobDir, jobName, WAIT_FOR_PREVIOUS_MS);
    }

    static ExclusiveFileLock acquire(Path jobDir, String jobName, long waitMs) {
        ExclusiveFileLock lock;
        for (Path dir = jobDir; dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                throw new CheckpointStorageException("cannot keep the checkpoints of job '" + jobName + "' in " + jobDir
                    + ": " + dir + " is a file, not a directory; move it away or set state.checkpoints.dir elsewhere");
            }
        }
        try {
            lock = ExclusiveFileLock.tryAcquire(jobDir.resolve(FILE_NAME), waitMs);
        } catch (IOException e) {
            throw new CheckpointStorageException("cannot lock " + jobDir.resolve(FILE_NAME) + " for job '" + jobName
                + "': " + e.getMessage() + "; check that the checkpoint directory exists and is writable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointStorageException("interrupted waiting to lock the checkpoints of job '" + jobName + "'", e);
        }
        if (lock == null) {
            throw new CheckpointStorageException("job '" + jobName + "' is already running with its checkpoints in "
                + jobDir + " (in this process or another): two runs of one job would delete each other's checkpoints."
                + " Stop the other run, or give this one another job name or checkpoint directory");
        }
        return lock;
    }
}
