package io.ringflow.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, held from {@link #tryAcquire} to {@link #close}, against holders in
 * this process and in others. The OS drops it with a killed process, so a crashed holder never
 * keeps it. The file itself stays: deleting it would let two holders lock two different files.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The lock on {@code file} (created with its directories if missing), waiting up to
     * {@code waitMs} for another holder to let go (a failover's or a restart's previous holder
     * closing); null when it still holds it then.
     */
    public static ExclusiveFileLock tryAcquire(Path file, long waitMs) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.currentTimeMillis() + waitMs;
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new ExclusiveFileLock(channel, lock);
                }
                if (System.currentTimeMillis() >= deadline) {
                    closeQuietly(channel);
                    return null;
                }
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Null while another holds it: another process (null from the OS) or this one (overlapping). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException held) {
            return null;
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
