package io.ringflow.storage.file;

import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.metadata.StreamHandle;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large file under {@code flush} is forced on a thread of its own, and an abort ends the
 * writer's wait for it at once: a failover does not wait for the device to take a checkpoint
 * already given up. The force that cannot be interrupted is held by a latch here, so the test
 * does not depend on timing: without the hand-over, the writer would still be inside it.
 */
class LargeFileForceTest {
    private static final int LARGE = (int) FileForces.MIN_BYTES + 4096;

    @Test
    void shouldStopWaitingForALargeFilesForceWhenAborted() throws Exception {
        HeldFile file = new HeldFile();
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(64 * 1024, 0, () -> file, true);
        stream.putBytes(new byte[LARGE], 0, LARGE);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                stream.finish();
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "test-writer");
        writer.start();
        assertTrue(file.forceStarted.await(10, TimeUnit.SECONDS), "the force began");

        Thread aborter = new Thread(stream::abort, "test-aborter"); // as a failover does, from another thread
        aborter.start();
        writer.join(10_000);
        boolean stillWaiting = writer.isAlive();
        file.releaseForce.countDown(); // before asserting: a failed run must not leave the threads blocked
        aborter.join(10_000);

        assertFalse(stillWaiting, "the writer stopped waiting while the force was still held");
        assertTrue(outcome.get() instanceof CheckpointStorageException, "finish failed: " + outcome.get());
        assertTrue(outcome.get().getMessage().contains("aborted"), outcome.get().getMessage());
        assertTrue(file.aborted, "the file was dropped");
    }

    @Test
    void shouldReturnALargeFileOnlyOnceItsForceEnded() throws Exception {
        HeldFile file = new HeldFile();
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(64 * 1024, 0, () -> file, true);
        byte[] bytes = new byte[LARGE];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        stream.putBytes(bytes, 0, bytes.length);
        AtomicReference<StreamHandle> handle = new AtomicReference<>();
        Thread writer = new Thread(() -> handle.set(stream.finish()), "test-writer");
        writer.start();
        assertTrue(file.forceStarted.await(10, TimeUnit.SECONDS), "the force began");
        writer.join(200);
        assertTrue(writer.isAlive(), "no handle before the bytes are on the device");

        file.releaseForce.countDown();
        writer.join(10_000);

        assertNotNull(handle.get());
        assertEquals(LARGE, handle.get().length());
        assertTrue(file.finishedOn.startsWith("ringflow-file-force-"), "forced on " + file.finishedOn);
        assertArrayEquals(bytes, file.written.toByteArray());
    }

    @Test
    void shouldFinishASmallFileOnTheWritersThread() {
        HeldFile file = new HeldFile();
        file.releaseForce.countDown();
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(64 * 1024, 0, () -> file, true);
        stream.putBytes(new byte[100_000], 0, 100_000);

        assertEquals(100_000, stream.finish().length());
        assertEquals(Thread.currentThread().getName(), file.finishedOn);
    }

    /** A stream file whose forced finish waits until the test lets it go. */
    private static final class HeldFile implements StreamFile {
        final CountDownLatch forceStarted = new CountDownLatch(1);
        final CountDownLatch releaseForce = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean aborted;
        volatile String finishedOn;

        @Override
        public synchronized void write(byte[] src, int offset, int count) {
            written.write(src, offset, count);
        }

        @Override
        public Path path() {
            return Path.of("held.state");
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public synchronized long length() {
            return written.size();
        }

        @Override
        public void finish(boolean flush) {
            finishedOn = Thread.currentThread().getName();
            forceStarted.countDown();
            try {
                releaseForce.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
