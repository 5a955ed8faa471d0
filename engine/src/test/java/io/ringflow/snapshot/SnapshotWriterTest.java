package io.ringflow.snapshot;

import io.ringflow.checkpoint.TaskAcknowledgement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The snapshot writer acknowledges every snapshot it was handed, whatever fails after the write. */
class SnapshotWriterTest {
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
}
