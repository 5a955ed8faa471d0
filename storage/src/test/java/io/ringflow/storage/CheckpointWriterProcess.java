package io.ringflow.storage;

import java.nio.file.Path;

/**
 * The child JVM of {@link CrossProcessTest}: writes {@link SampleJob} checkpoints under a
 * directory. {@code complete ROOT JOB ID} completes checkpoint ID and exits; {@code crash ROOT
 * JOB ID} completes ID, writes every stream of ID + 1 and halts before its metadata, as a
 * {@code kill -9} would.
 */
public final class CheckpointWriterProcess {
    private CheckpointWriterProcess() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[1]);
        long id = Long.parseLong(args[3]);
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .memoryThreshold(1024).numRetained(2).durability(StorageOptions.Durability.PAGE_CACHE).conclude());
        SampleJob.write(storage, args[2], id);
        if (args[0].equals("crash")) {
            CheckpointWriter next = storage.beginCheckpoint(args[2], id + 1);
            SampleJob.writeStreams(next);
            Runtime.getRuntime().halt(137);
        }
        System.exit(0);
    }
}
