package io.ringflow.storage;

import io.ringflow.storage.file.DiskSpace;
import java.nio.file.Path;

/**
 * The child JVM of {@link RecycledLogCrashTest}: writes {@link IncrementalJob} checkpoints of job
 * "job" under ROOT without end (a full one every third, shared logs rolling past 1,500 bytes, so
 * that rolled files are recycled all the time) and prints {@code completed ID} after each, until
 * it is killed.
 */
public final class RecyclingLogWriterProcess {
    static final long ROLL_BYTES = 1500;

    private RecyclingLogWriterProcess() {
    }

    public static void main(String[] args) {
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(Path.of(args[0]))
            .numRetained(1).memoryThreshold(64).writeBufferSize(256).durability(StorageOptions.Durability.PAGE_CACHE)
            .warnings(System.err::println).conclude(), DiskSpace.FILE_STORE, ROLL_BYTES);
        CompletedCheckpoint previous = null;
        for (long id = 1; ; id++) {
            previous = IncrementalJob.write(storage, "job", id, id % 3 == 1 ? null : previous);
            System.out.println("completed " + id);
            System.out.flush();
        }
    }
}
