package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.StateOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors while writing name the file or directory and leave the previous checkpoint usable. */
class WriteFailureTest {
    @TempDir
    Path root;

    @Test
    void shouldNameADirectoryThatCannotBeCreated() throws Exception {
        Path blocker = Files.writeString(root.resolve("checkpoints"), "a file where the directory should be");
        FileCheckpointStorage storage = new FileCheckpointStorage(
            StorageOptions.builder().checkpointsDir(blocker).conclude());

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> storage.beginCheckpoint("job", 1));
        assertTrue(e.getMessage().startsWith(blocker.resolve("job/chk-1").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot create checkpoint directory"), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenTheDiskIsFull() {
        AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .memoryThreshold(0).writeBufferSize(4096).conclude(), dir -> usable.get());
        SampleJob.write(storage, "job", 1);
        CheckpointWriter writer = storage.beginCheckpoint("job", 2);
        StateOutput out = writer.openState(SampleJob.SUM, 0);
        usable.set(1000);

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> out.writeKeyGroup(1, SampleJob.keyGroupBytes(2, 1)));
        writer.abort();

        assertTrue(e.getMessage().contains(root.resolve("job/chk-2/op-sum-0.state").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertFalse(Files.exists(root.resolve("job/chk-2")));
        assertEquals(1, storage.latest("job").orElseThrow().checkpointId());
    }

    @Test
    void shouldNameTheMetadataWhenTheDiskFillsBeforeIt() {
        AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .conclude(), dir -> usable.get());
        CheckpointWriter writer = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(writer);
        usable.set(10);

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> writer.complete(SampleJob.OPERATORS));

        assertTrue(e.getMessage().contains("_metadata.inprogress") && e.getMessage().contains("disk full"),
            e.getMessage());
        assertFalse(Files.exists(root.resolve("job/chk-1")), "the failed checkpoint is removed");
        assertTrue(storage.latest("job").isEmpty());
    }
}
