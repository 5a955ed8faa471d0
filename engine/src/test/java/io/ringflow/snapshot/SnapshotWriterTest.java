package io.ringflow.snapshot;

import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.InFlightCapture;
import io.ringflow.channel.Channel;
import io.ringflow.checkpoint.TaskAcknowledgement;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot writer acknowledges every snapshot it was handed, whatever fails after the write. */
class SnapshotWriterTest {
    /** A release action that throws does not keep the acknowledgement of a written snapshot from going out. */
    @Test
    void shouldAcknowledgeWhenReleasingTheSnapshotOnItsTaskFails() throws Exception {
        LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
        try (SnapshotWriter writer = new SnapshotWriter("writer-test", id -> null, acknowledgements::add)) {
            writer.submit(new TaskSnapshot(4, 2, List.of(), List.of(), 0, 0, 0, false, () -> {
                throw new IllegalStateException("mailbox full: the task is not keeping up with control actions");
            }));
            TaskAcknowledgement ack = acknowledgements.poll(10, TimeUnit.SECONDS);
            assertNotNull(ack, "no acknowledgement: the checkpoint would wait for its timeout");
            assertEquals(4, ack.checkpointId());
            assertEquals(2, ack.taskIndex());
            assertNull(ack.failure(), "the snapshot was written: releasing it is not part of the checkpoint");
        }
    }

    /** A checkpoint writer that throws while the snapshot is written: the acknowledgement carries its failure. */
    @Test
    void shouldAcknowledgeWithTheFailureWhenTheCheckpointWriterThrows() throws Exception {
        CheckpointWriter aborted = abortedCheckpointWriter(6);
        AtomicInteger releases = new AtomicInteger();
        LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
        try (SnapshotWriter writer = new SnapshotWriter("writer-test", id -> aborted, acknowledgements::add)) {
            OperatorSnapshot source = new OperatorSnapshot("source", 1, null, null, null, new byte[] {42});
            writer.submit(new TaskSnapshot(6, 1, List.of(source), List.of(), 0, 0, 0, false, releases::incrementAndGet));
            TaskAcknowledgement ack = acknowledgements.poll(10, TimeUnit.SECONDS);

            assertNotNull(ack, "no acknowledgement: the checkpoint would wait for its timeout");
            assertEquals(6, ack.checkpointId());
            assertEquals(1, ack.taskIndex());
            IllegalStateException failure = assertInstanceOf(IllegalStateException.class, ack.failure(),
                "the checkpoint must fail at once, with the writer's own exception");
            assertTrue(failure.getMessage().contains("aborted"), failure.getMessage());
            assertEquals(1, releases.get(), "the pinned state is released on failure too");
        }
    }

    /** A checkpoint writer lookup that throws: the acknowledgement carries that failure. */
    @Test
    void shouldAcknowledgeWithTheFailureWhenTheWriterLookupThrows() throws Exception {
        IllegalStateException lookupFailure = new IllegalStateException("checkpoint 8 is no longer pending");
        LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
        try (SnapshotWriter writer = new SnapshotWriter("writer-test", id -> {
            throw lookupFailure;
        }, acknowledgements::add)) {
            writer.submit(new TaskSnapshot(8, 0, List.of(), List.of(), 0, 0, 0, false, () -> { }));
            TaskAcknowledgement ack = acknowledgements.poll(10, TimeUnit.SECONDS);

            assertNotNull(ack, "no acknowledgement: the checkpoint would wait for its timeout");
            assertEquals(8, ack.checkpointId());
            assertSame(lookupFailure, ack.failure());
        }
    }

    /** The ring slots an in-flight capture holds are released when writing the snapshot fails. */
    @Test
    void shouldReleaseTheInFlightCapturesWhenWritingFails() throws Exception {
        int ring = 8;
        try (Channel channel = new Channel("a[0]->b[0]", ring, 32)) {
            for (long value = 0; value < 4; value++) {
                assertTrue(channel.tryWriteRecord(value, value, Codecs.LONG, "test"));
            }
            InFlightCapture capture = new InFlightCapture(channel, new ChannelDescriptor("a", 0, "b", 0, 0));
            capture.end(3);                                   // the barrier after the 4 records, none consumed yet
            channel.poll((slot, sequence, endOfBatch) -> true); // the consumer moves on; the hold stays
            assertEquals(3, channel.consumedSequence());
            assertEquals(ring - 4, channel.remainingCapacity(), "the capture holds the producer behind its slots");

            CheckpointWriter aborted = abortedCheckpointWriter(9);
            LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
            try (SnapshotWriter writer = new SnapshotWriter("writer-test", id -> aborted, acknowledgements::add)) {
                writer.submit(new TaskSnapshot(9, 0, List.of(), List.of(capture), 0, 0, 0, true, () -> { }));
                TaskAcknowledgement ack = acknowledgements.poll(10, TimeUnit.SECONDS);

                assertNotNull(ack, "no acknowledgement: the checkpoint would wait for its timeout");
                assertNotNull(ack.failure(), "opening the in-flight output of an aborted checkpoint fails");
                assertEquals(ring, channel.remainingCapacity(),
                    "the failed snapshot still released its hold: else the producer would stay stopped for good");
            }
        }
    }

    /** close() returns only once the snapshot being written is written and acknowledged. */
    @Test
    void shouldWaitInCloseForTheSnapshotsBeingWritten() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
        SnapshotWriter writer = new SnapshotWriter("writer-test", id -> {
            writing.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, acknowledgements::add);
        writer.submit(new TaskSnapshot(11, 0, List.of(), List.of(), 0, 0, 0, false, () -> { }));
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer thread never started the snapshot");
        Thread closer = new Thread(writer::close, "test-closer");
        try {
            closer.start();
            Eventually.await("close() waits or returns", () -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TERMINATED,
                closer::getState);
            assertTrue(closer.isAlive(), "close() returned while a snapshot was being written");
            assertTrue(acknowledgements.isEmpty());
        } finally {
            mayFinish.countDown();
            closer.join(10_000);
        }
        assertEquals(Thread.State.TERMINATED, closer.getState(), "close() returns once the snapshot is written");
        TaskAcknowledgement ack = acknowledgements.poll();
        assertNotNull(ack, "acknowledged before close() returned");
        assertEquals(11, ack.checkpointId());
        assertNull(ack.failure());
    }

    private static CheckpointWriter abortedCheckpointWriter(long checkpointId) {
        CheckpointStorage storage = CheckpointStorage.create(StorageOptions.fromMap(Map.of(
            StorageOptions.CHECKPOINT_STORAGE, "jobmanager")));
        CheckpointWriter writer = storage.beginCheckpoint("writer-test", checkpointId);
        writer.abort();                                       // the coordinator gave the checkpoint up meanwhile
        return writer;
    }
}
