package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process that dies while writing checkpoint 2, at each stage before the rename of
 * {@code _metadata}, leaves no checkpoint 2: the next run restores checkpoint 1.
 */
class InterruptedWriteTest {
    /** Where the writer stops, in the order a checkpoint is written. */
    enum Stage {
        DIRECTORY_CREATED,
        STATE_HALF_WRITTEN,
        STATE_FILES_FINISHED,
        ALL_STREAMS_FINISHED,
        METADATA_IN_PROGRESS_PARTIAL,
        METADATA_IN_PROGRESS_WHOLE
    }

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(Stage.class)
    void shouldNeverTakeAnInterruptedCheckpointForAComplete(Stage stage) throws Exception {
        StorageOptions options = StorageOptions.builder().checkpointsDir(root).memoryThreshold(0).numRetained(3)
            .warnings(w -> { }).conclude();
        FileCheckpointStorage before = new FileCheckpointStorage(options);
        SampleJob.write(before, "job", 1);
        CheckpointWriter writer = before.beginCheckpoint("job", 2);
        try {
            interrupt(writer, stage, root.resolve("job/chk-1/_metadata"), root.resolve("job/chk-2"));

            FileCheckpointStorage after = new FileCheckpointStorage(options);
            assertEquals(1, after.latest("job").orElseThrow().checkpointId());
            assertEquals(List.of(1L), after.completedCheckpointIds("job"));
            CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
                () -> after.open(root.resolve("job/chk-2")));
            assertTrue(e.getMessage().contains("not a complete checkpoint"), e.getMessage());

            // the next run may take id 2 again: the leftovers are cleared first
            SampleJob.write(after, "job", 2);
            SampleJob.assertContent(after.latest("job").orElseThrow(), 2);
        } finally {
            // a process that died would have taken the half-written file's mapping with it; this
            // one unmaps it (abort also removes chk-2, which no assertion looks at any more)
            writer.abort();
        }
    }

    private static void interrupt(CheckpointWriter writer, Stage stage, Path completeMetadata, Path dir)
        throws Exception {
        switch (stage) {
            case DIRECTORY_CREATED -> { }
            case STATE_HALF_WRITTEN -> {
                StateOutput out = writer.openState(SampleJob.SUM, 0);
                out.writeKeyGroup(0, SampleJob.keyGroupBytes(2, 0));
                out.writeKeyGroup(1, SampleJob.keyGroupBytes(2, 1));
            }
            case STATE_FILES_FINISHED -> {
                for (int s = 0; s < SampleJob.PARALLELISM; s++) {
                    StateOutput out = writer.openState(SampleJob.SUM, s);
                    out.writeKeyGroup(s * 4, SampleJob.keyGroupBytes(2, s * 4));
                    out.finish();
                }
            }
            case ALL_STREAMS_FINISHED -> SampleJob.writeStreams(writer);
            case METADATA_IN_PROGRESS_PARTIAL -> {
                SampleJob.writeStreams(writer);
                byte[] metadata = Files.readAllBytes(completeMetadata);
                Files.write(dir.resolve(MetadataDescriptor.IN_PROGRESS_NAME),
                    Arrays.copyOf(metadata, metadata.length / 2));
            }
            case METADATA_IN_PROGRESS_WHOLE -> {
                SampleJob.writeStreams(writer);
                Files.copy(completeMetadata, dir.resolve(MetadataDescriptor.IN_PROGRESS_NAME),
                    StandardCopyOption.REPLACE_EXISTING);
            }
            default -> throw new IllegalArgumentException(stage.name());
        }
        assertTrue(Files.isDirectory(dir));
    }
}
