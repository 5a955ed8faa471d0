package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.layout.CheckpointLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints whose files come from spares: the same content, verified, and nothing left after the job's end. */
class SpareFilesStorageTest {
    @TempDir
    Path root;

    @Test
    void shouldWriteCheckpointsIntoSpareFilesAndLeaveNoneAfterTheJobsEnd() throws Exception {
        List<String> warnings = new ArrayList<>();
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .memoryThreshold(0).numRetained(2).spareFiles(4).warnings(warnings::add).conclude());
        Path spares = root.resolve("job").resolve(CheckpointLayout.SPARES_DIR);
        for (long id = 1; id <= 6; id++) {
            CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", id);
            assertEquals(List.of(), checkpoint.verify());
            SampleJob.assertContent(storage.open(checkpoint.directory()), id);
            Thread.sleep(100); // idle: the spares are made now, for the next checkpoint
        }
        assertTrue(Files.isDirectory(spares));
        List<Long> made;
        try (var files = Files.list(spares)) {
            made = files.map(f -> Long.parseLong(f.getFileName().toString().replaceAll("^\\d+-(\\d+)\\.spare$", "$1"))).toList();
        }
        assertEquals(4, made.size(), "four spares wait for the next checkpoint: " + made);
        assertTrue(made.stream().allMatch(n -> n > 4), "the first four were taken by checkpoints: " + made);
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 6);

        storage.onJobEnded("job");
        assertFalse(Files.exists(spares), "the job's end deletes its spares");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldRefuseMoreSparesThanItKeeps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StorageOptions.builder().set(StorageOptions.SPARE_FILES, "65").conclude());
        assertTrue(e.getMessage().contains(StorageOptions.SPARE_FILES), e.getMessage());
    }
}
