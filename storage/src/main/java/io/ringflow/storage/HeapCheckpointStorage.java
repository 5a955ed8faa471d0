package io.ringflow.storage;

import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.CheckpointKind;
import io.ringflow.storage.metadata.CheckpointMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code state.checkpoint-storage: jobmanager}: checkpoints kept on the heap of this process,
 * every stream inlined. For tests and tiny jobs: nothing survives the process. Retention and
 * subsumption follow the same rules as {@link FileCheckpointStorage}.
 */
public final class HeapCheckpointStorage implements CheckpointStorage {
    private final StorageOptions options;
    private final Map<String, TreeMap<Long, CompletedCheckpoint>> checkpoints = new ConcurrentHashMap<>();
    private final Map<Path, CompletedCheckpoint> savepoints = new ConcurrentHashMap<>();

    public HeapCheckpointStorage(StorageOptions options) {
        this.options = options;
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    @Override
    public CheckpointWriter beginCheckpoint(String jobId, long checkpointId) {
        Path name = CheckpointLayout.checkpointDir(Path.of(jobId), checkpointId);
        synchronized (this) {
            if (jobCheckpoints(jobId).containsKey(checkpointId)) {
                throw new CheckpointStorageException(name + ": checkpoint " + checkpointId + " already exists");
            }
        }
        return new CheckpointWriter(CheckpointKind.CHECKPOINT, jobId, checkpointId, new HeapTarget(name) {
            @Override
            public CompletedCheckpoint commit(CheckpointMetadata metadata) {
                return commitCheckpoint(name, metadata);
            }
        });
    }

    @Override
    public CheckpointWriter beginSavepoint(String jobId, long checkpointId, Path dir) {
        Path name = dir != null ? dir : (options.savepointsDir() != null ? options.savepointsDir() : Path.of(""))
            .resolve(CheckpointLayout.savepointDirName(jobId));
        if (savepoints.containsKey(name)) {
            throw new CheckpointStorageException(name + ": a savepoint goes into a new directory, this one exists");
        }
        return new CheckpointWriter(CheckpointKind.SAVEPOINT, jobId, checkpointId, new HeapTarget(name) {
            @Override
            public CompletedCheckpoint commit(CheckpointMetadata metadata) {
                CompletedCheckpoint savepoint = new CompletedCheckpoint(name, metadata, name.toString());
                savepoints.put(name, savepoint);
                return savepoint;
            }
        });
    }

    @Override
    public synchronized Optional<CompletedCheckpoint> latest(String jobId) {
        TreeMap<Long, CompletedCheckpoint> job = jobCheckpoints(jobId);
        return job.isEmpty() ? Optional.empty() : Optional.of(job.lastEntry().getValue());
    }

    @Override
    public synchronized CompletedCheckpoint open(Path path) {
        CompletedCheckpoint savepoint = savepoints.get(path);
        if (savepoint != null) {
            return savepoint;
        }
        long id = CheckpointLayout.checkpointId(path);
        Path job = path.getParent();
        CompletedCheckpoint checkpoint = id < 0 || job == null ? null : jobCheckpoints(job.toString()).get(id);
        if (checkpoint == null) {
            throw new CheckpointStorageException(path + ": no such checkpoint in the jobmanager storage");
        }
        return checkpoint;
    }

    @Override
    public synchronized List<Long> completedCheckpointIds(String jobId) {
        return new ArrayList<>(jobCheckpoints(jobId).keySet());
    }

    @Override
    public synchronized void onJobTerminated(String jobId, boolean cancelled) {
        if (options.cancelRetention().discards(cancelled)) {
            checkpoints.remove(jobId);
        }
    }

    private synchronized CompletedCheckpoint commitCheckpoint(Path name, CheckpointMetadata metadata) {
        TreeMap<Long, CompletedCheckpoint> job = jobCheckpoints(metadata.jobId());
        int newer = job.tailMap(metadata.checkpointId(), false).size();
        if (newer >= options.numRetained()) {
            throw new CheckpointStorageException(name + ": subsumed, " + newer + " newer checkpoint(s) already complete"
                + " and " + StorageOptions.NUM_RETAINED + " is " + options.numRetained());
        }
        CompletedCheckpoint checkpoint = new CompletedCheckpoint(name, metadata, name.toString());
        job.put(metadata.checkpointId(), checkpoint);
        while (job.size() > options.numRetained()) {
            job.pollFirstEntry();
        }
        return checkpoint;
    }

    private TreeMap<Long, CompletedCheckpoint> jobCheckpoints(String jobId) {
        return checkpoints.computeIfAbsent(jobId, j -> new TreeMap<>());
    }

    /** Streams stay on the heap; nothing to remove on abort. */
    private abstract static class HeapTarget implements CheckpointTarget {
        private final Path name;

        HeapTarget(Path name) {
            this.name = name;
        }

        @Override
        public SnapshotStreamWriter newStream(String fileName, java.util.function.Supplier<String> logName) {
            return SnapshotStreamWriter.onHeap();
        }

        @Override
        public SnapshotStreamWriter newSharedStream(String fileName) {
            return SnapshotStreamWriter.onHeap(); // inline bytes: a later checkpoint's metadata carries them
        }

        @Override
        public void abort() {
        }

        @Override
        public String label() {
            return name.toString();
        }
    }
}
