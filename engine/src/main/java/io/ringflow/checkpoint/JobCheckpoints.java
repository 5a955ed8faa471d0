package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.Clock;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.task.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The checkpoints of one job across its execution attempts: storage, the id sequence, the
 * statistics and the latest completed checkpoint, which a restart restores from. Savepoints
 * always go to files, so they are self-contained and can be moved.
 */
public final class JobCheckpoints {
    private final String storageJobId;
    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final List<OperatorDescriptor> operators;
    private final AtomicLong nextId;
    private final List<CheckpointStats> history = new ArrayList<>();
    private volatile CompletedCheckpoint latestCompleted;

    public JobCheckpoints(String storageJobId, CheckpointConfig config, List<OperatorDescriptor> operators,
                          CompletedCheckpoint restoredFrom) {
        this.storageJobId = storageJobId;
        this.config = config;
        this.storage = CheckpointStorage.create(config.storageOptions());
        this.operators = operators;
        this.latestCompleted = restoredFrom;
        // after the restored one, and after any this job retained under its name (a savepoint may be older than
        // them): a smaller id would collide with a retained checkpoint or be deleted at once as subsumed by it
        long lastId = restoredFrom == null ? 0 : restoredFrom.checkpointId();
        for (long retained : storage.completedCheckpointIds(storageJobId)) {
            lastId = Math.max(lastId, retained);
        }
        this.nextId = new AtomicLong(lastId + 1);
    }

    public CheckpointCoordinator newCoordinator(List<Task> tasks, Map<Task, List<Task>> upstreams, Clock clock,
                                                Consumer<Throwable> failJob) {
        return new CheckpointCoordinator(this, tasks, upstreams, clock, failJob);
    }

    String storageJobId() {
        return storageJobId;
    }

    CheckpointConfig config() {
        return config;
    }

    List<OperatorDescriptor> operators() {
        return operators;
    }

    long nextId() {
        return nextId.getAndIncrement();
    }

    CheckpointWriter beginCheckpoint(long id) {
        return storage.beginCheckpoint(storageJobId, id);
    }

    CheckpointWriter beginSavepoint(long id, Path dir) {
        StorageOptions options = storage.options();
        Path savepointsDir = dir != null ? dir.toAbsolutePath().getParent() : options.savepointsDir();
        if (savepointsDir == null) {
            throw new IllegalArgumentException("no savepoint directory: pass one to triggerSavepoint(dir), or set "
                + StorageOptions.SAVEPOINTS_DIR);
        }
        StorageOptions files = StorageOptions.builder().kind(StorageOptions.Kind.FILESYSTEM).checkpointsDir(savepointsDir)
            .savepointsDir(options.savepointsDir() != null ? options.savepointsDir() : savepointsDir)
            .durability(options.durability()).memoryThreshold(options.memoryThreshold()).conclude();
        return new FileCheckpointStorage(files).beginSavepoint(storageJobId, id, dir == null ? null : dir.toAbsolutePath());
    }

    void completed(CompletedCheckpoint checkpoint, boolean savepoint) {
        if (!savepoint) {
            latestCompleted = checkpoint;
        }
    }

    void record(CheckpointStats stats) {
        synchronized (history) {
            history.add(stats);
        }
    }

    /** The newest checkpoint completed by any attempt of this job (or the one it was restored from). */
    public CompletedCheckpoint latestCompleted() {
        return latestCompleted;
    }

    public CheckpointStorage storage() {
        return storage;
    }

    public String jobStorageId() {
        return storageJobId;
    }

    /** Every checkpoint so far, by id. */
    public List<CheckpointStats> stats() {
        List<CheckpointStats> all;
        synchronized (history) {
            all = new ArrayList<>(history);
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    public void onJobCancelled() {
        storage.onJobCancelled(storageJobId);
    }
}
