package io.ringflow.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latest} takes the savepoint a job stopped with while no checkpoint is newer, and says why when it cannot. */
class FinalSavepointTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();
    private FileCheckpointStorage storage;
    private Path savepoint;

    @BeforeEach
    void stopWithASavepointAfterTwoCheckpoints() {
        storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("checkpoints"))
            .savepointsDir(root.resolve("savepoints")).numRetained(2).warnings(warnings::add).conclude());
        SampleJob.write(storage, "job", 1);
        SampleJob.write(storage, "job", 2);
        CheckpointWriter writer = storage.beginSavepoint("job", 3, root.resolve("savepoints/stop"));
        SampleJob.writeStreams(writer);
        savepoint = writer.complete(SampleJob.OPERATORS).directory();
        storage.recordFinalSavepoint("job", 3, savepoint);
    }

    @Test
    void shouldTakeTheSavepointUntilANewerCheckpointCompletes() {
        assertEquals(savepoint, storage.latest("job").orElseThrow().directory());
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 3);

        SampleJob.write(storage, "job", 4);
        assertEquals(4, storage.latest("job").orElseThrow().checkpointId());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldFallBackWithAWarningNamingTheSavepointWhenItIsGone() throws Exception {
        Files.move(savepoint, root.resolve("moved"));

        assertEquals(2, storage.latest("job").orElseThrow().checkpointId());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(savepoint.toString()) && warnings.get(0).contains("falling back to checkpoint 2"),
            warnings.get(0));
        assertEquals(3, storage.finalSavepoint("job").orElseThrow().checkpointId(), "the note stays for the restore's check");
    }

    @Test
    void shouldNameADamagedNoteAndTheWaysOut() throws Exception {
        Path note = root.resolve("checkpoints/job").resolve(FinalSavepoint.FILE_NAME);
        Files.writeString(note, "3\t" + savepoint); // cut before its end of line

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class, () -> storage.latest("job"));
        assertTrue(e.getMessage().contains(note.toString()) && e.getMessage().contains("damaged")
            && e.getMessage().contains("by its path"), e.getMessage());
    }
}
