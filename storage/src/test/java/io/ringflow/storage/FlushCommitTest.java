package io.ringflow.storage;

import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.metadata.CheckpointKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under {@code flush} the job directory is forced while a checkpoint is written, not at its
 * commit: the commit completes whether that force succeeded or failed (then it forces itself).
 */
class FlushCommitTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    @Test
    void shouldCompleteThroughTheStorageWithTheJobDirectoryForcedAhead() {
        FileCheckpointStorage storage = new FileCheckpointStorage(options());
        for (long id = 1; id <= 3; id++) {
            SampleJob.assertContent(storage.open(SampleJob.write(storage, "job", id).directory()), id);
        }
        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        storage.onJobEnded("job");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldForceTheParentAtTheCommitWhenTheForceAheadFailed() throws Exception {
        for (boolean aheadFailed : new boolean[] {false, true}) {
            Path dir = root.resolve("job-" + aheadFailed).resolve("chk-1");
            Files.createDirectories(dir);
            CompletableFuture<Void> ahead = aheadFailed
                ? CompletableFuture.failedFuture(new CheckpointStorageException("injected: cannot flush directory"))
                : CompletableFuture.completedFuture(null);
            CheckpointWriter writer = new CheckpointWriter(CheckpointKind.CHECKPOINT, "job", 1,
                new DirectoryTarget(dir, options(), DiskSpace.FILE_STORE, null, null, null, ahead, Supplier::get));
            SampleJob.writeStreams(writer);
            CompletedCheckpoint checkpoint = writer.complete(SampleJob.OPERATORS);
            assertTrue(Files.isRegularFile(dir.resolve("_metadata")));
            SampleJob.assertContent(CheckpointDirectories.open(checkpoint.directory()), 1);
        }
    }

    private StorageOptions options() {
        return StorageOptions.builder().checkpointsDir(root).numRetained(1)
            .durability(StorageOptions.Durability.FLUSH).warnings(warnings::add).conclude();
    }
}
