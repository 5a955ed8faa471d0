package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapCheckpointStorageTest {
    private static CheckpointStorage storage(int numRetained, String onCancel) {
        return CheckpointStorage.create(StorageOptions.fromMap(Map.of(
            StorageOptions.CHECKPOINT_STORAGE, "jobmanager",
            StorageOptions.NUM_RETAINED, Integer.toString(numRetained),
            StorageOptions.EXTERNALIZED_RETENTION, onCancel)));
    }

    @Test
    void shouldKeepEveryStreamInlineOnTheHeap() {
        CheckpointStorage storage = storage(1, "RETAIN_ON_CANCELLATION");
        CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", 1);

        assertTrue(storage instanceof HeapCheckpointStorage);
        assertTrue(checkpoint.metadata().streams().allMatch(s -> s.isInline()));
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 1);
        SampleJob.assertContent(storage.open(Path.of("job", "chk-1")), 1);
        assertEquals(List.of(), checkpoint.verify());
    }

    @Test
    void shouldApplyRetentionAndSubsumptionLikeTheFileStorage() {
        CheckpointStorage storage = storage(2, "RETAIN_ON_CANCELLATION");
        CheckpointWriter late = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(late);
        for (long id = 2; id <= 4; id++) {
            SampleJob.write(storage, "job", id);
        }

        assertEquals(List.of(3L, 4L), storage.completedCheckpointIds("job"));
        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> late.complete(SampleJob.OPERATORS));
        assertTrue(e.getMessage().contains("subsumed"), e.getMessage());
        assertThrows(CheckpointStorageException.class, () -> storage.open(Path.of("job", "chk-2")));
    }

    @Test
    void shouldKeepSavepointsAndDropCheckpointsOnCancelWhenAsked() {
        CheckpointStorage storage = storage(1, "DELETE_ON_CANCELLATION");
        SampleJob.write(storage, "job", 1);
        CheckpointWriter writer = storage.beginSavepoint("job", 2, Path.of("my-savepoint"));
        SampleJob.writeStreams(writer);
        writer.complete(SampleJob.OPERATORS);

        storage.onJobTerminated("job", true);

        assertTrue(storage.latest("job").isEmpty());
        SampleJob.assertContent(storage.open(Path.of("my-savepoint")), 2);
    }
}
