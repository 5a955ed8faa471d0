package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.StreamHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scratch state outputs: written as state streams are, into a file of the checkpoint's directory that no metadata names. */
class ScratchStateTest {
    @TempDir
    Path root;

    private FileCheckpointStorage storage() {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("checkpoints"))
            .savepointsDir(root.resolve("savepoints")).memoryThreshold(1024).conclude());
    }

    @Test
    void shouldWriteAScratchFileBesideTheStreamsAndDeleteItNamedInNoMetadata() throws Exception {
        FileCheckpointStorage storage = storage();
        CheckpointWriter writer = storage.beginCheckpoint("orders", 5);
        Path dir = root.resolve("checkpoints/orders/chk-5");
        String name = CheckpointLayout.scratchFileName(0);
        StateOutput scratch = writer.openScratchState(name);
        byte[] block = new byte[100_000]; // past the write buffer: spilled into the mapped file as a state stream is
        for (int keyGroup = 0; keyGroup < 4; keyGroup++) {
            scratch.writeKeyGroup(keyGroup, block);
        }
        StreamHandle handle = scratch.finish();

        assertFalse(handle.isInline(), "never inlined, whatever the memory threshold");
        assertTrue(Files.size(dir.resolve(name)) >= 4L * block.length, "written to " + dir.resolve(name));
        writer.deleteScratch(name);
        assertFalse(Files.exists(dir.resolve(name)));
        writer.deleteScratch(name); // again: nothing to delete, no exception

        SampleJob.writeStreams(writer);
        CompletedCheckpoint checkpoint = writer.complete(SampleJob.OPERATORS);
        for (StreamHandle stream : checkpoint.metadata().streams().toList()) {
            assertFalse(String.valueOf(stream.fileName()).startsWith(CheckpointLayout.SCRATCH_PREFIX), stream.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(CheckpointLayout.SCRATCH_PREFIX)));
        }
        SampleJob.assertContent(storage.latest("orders").orElseThrow(), 5);
    }

    @Test
    void shouldRefuseANameThatIsNotAScratchFilesNamingIt() {
        CheckpointWriter writer = storage().beginCheckpoint("orders", 6);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.openScratchState("op-sum-0.state"));

        assertTrue(e.getMessage().contains("op-sum-0.state is not a scratch file's name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.openScratchState(CheckpointLayout.SCRATCH_PREFIX + "1/../x"));
    }

    @Test
    void shouldGiveNoScratchOutputWhereStateStaysOnTheHeap() {
        CheckpointStorage heap = CheckpointStorage.create(StorageOptions.fromMap(Map.of(
            StorageOptions.CHECKPOINT_STORAGE, "jobmanager")));
        CheckpointWriter writer = heap.beginCheckpoint("orders", 1);

        assertNull(writer.openScratchState(CheckpointLayout.scratchFileName(0)));
    }
}
