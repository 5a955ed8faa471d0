package io.ringflow.storage.log;

import io.ringflow.storage.file.ExclusiveFileLock;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one writer of a log queue: a lock on {@code writer.lock} in the queue's directory, held
 * from open to close. Two writers' transactions interleaved in one queue would break what its
 * readers rely on (a commit settles the transactions opened before it), so committed records
 * would be lost on replay; a second writer, of another job in this process or of another
 * process, is refused instead. A failover's new writer waits a little for the old one to close.
 */
final class QueueWriterLock {
    static final String FILE_NAME = "writer.lock";
    private static final long WAIT_FOR_PREVIOUS_MS = 5_000;

    private QueueWriterLock() {
    }

    static ExclusiveFileLock acquire(Path queueDir) {
        return acquire(queueDir, WAIT_FOR_PREVIOUS_MS);
    }

    static ExclusiveFileLock acquire(Path queueDir, long waitMs) {
        ExclusiveFileLock lock;
        try {
            lock = ExclusiveFileLock.tryAcquire(queueDir.resolve(FILE_NAME), waitMs);
        } catch (IOException e) {
            throw new LogException("cannot lock " + queueDir.resolve(FILE_NAME) + " to write the log queue " + queueDir
                + ": " + e.getMessage() + "; check the directory exists and is writable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted waiting to write the log queue " + queueDir, e);
        }
        if (lock == null) {
            throw new LogException("the log queue " + queueDir + " is being written by another writer (another"
                + " job in this process, or another process); a queue takes one writer, or readers lose"
                + " committed records. Give each job its own log directory");
        }
        return lock;
    }
}
