package io.ringflow.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of a log queue: a lock on {@code writer.lock} in the queue's directory, held
 * from open to close. Two writers' transactions interleaved in one queue would break what its
 * readers rely on (a commit settles the transactions opened before it), so committed records
 * would be lost on replay; a second writer, of another job in this process or of another
 * process, is refused instead. A failover's new writer waits a little for the old one to close.
 */
final class QueueWriterLock implements AutoCloseable {
    static final String FILE_NAME = "writer.lock";
    private static final long WAIT_FOR_PREVIOUS_MS = 5_000;

    private final FileChannel channel;
    private final FileLock lock;

    private QueueWriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static QueueWriterLock acquire(Path queueDir) {
        return acquire(queueDir, WAIT_FOR_PREVIOUS_MS);
    }

    static QueueWriterLock acquire(Path queueDir, long waitMs) {
        FileChannel channel;
        try {
            Files.createDirectories(queueDir);
            channel = FileChannel.open(queueDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LogException("cannot open " + queueDir.resolve(FILE_NAME) + " to write the log queue " + queueDir
                + ": " + e.getMessage() + "; check the directory exists and is writable", e);
        }
        long deadline = System.currentTimeMillis() + waitMs;
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new QueueWriterLock(channel, lock);
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new LogException("the log queue " + queueDir + " is being written by another writer (another"
                        + " job in this process, or another process); a queue takes one writer, or readers lose"
                        + " committed records. Give each job its own log directory");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new LogException("interrupted waiting to write the log queue " + queueDir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Null while another holds it: another process (null from the OS) or this one (overlapping). */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException held) {
            return null;
        } catch (IOException e) {
            throw new LogException("cannot lock " + FILE_NAME + " of a log queue: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
        }
    }
}
