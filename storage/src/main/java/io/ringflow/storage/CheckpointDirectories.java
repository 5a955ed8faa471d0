package io.ringflow.storage;

import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.MetadataDescriptor;
import io.ringflow.storage.metadata.MetadataReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens checkpoint and savepoint directories by path, for the storage and the command line. */
public final class CheckpointDirectories {
    private CheckpointDirectories() {
    }

    /**
     * Opens a checkpoint or savepoint given its directory or its {@code _metadata} file.
     *
     * @throws CheckpointStorageException when the path is not a complete checkpoint
     * @throws CorruptCheckpointException when its metadata is damaged or of an unknown version
     */
    public static CompletedCheckpoint open(Path path) {
        Path dir = path.getFileName() != null && path.getFileName().toString().equals(MetadataDescriptor.NAME)
            ? path.toAbsolutePath().getParent() : path;
        if (!Files.exists(dir)) {
            throw new CheckpointStorageException(dir + ": no such checkpoint directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointStorageException(dir + ": not a checkpoint directory (a regular file)");
        }
        if (!CheckpointLayout.hasMetadata(dir)) {
            throw new CheckpointStorageException(dir + ": not a complete checkpoint (no " + MetadataDescriptor.NAME
                + "; an interrupted checkpoint, one still being written, or not a checkpoint directory)");
        }
        Path file = dir.resolve(MetadataDescriptor.NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointStorageException(file + ": removed while being opened");
        } catch (IOException e) {
            throw new CheckpointStorageException(file + ": cannot read: " + e, e);
        }
        CheckpointMetadata metadata = MetadataReader.decode(bytes, file.toString());
        return new CompletedCheckpoint(dir, metadata, dir.toString());
    }
}
