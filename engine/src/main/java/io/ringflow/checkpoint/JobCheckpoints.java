package io.ringflow.checkpoint;

import io.ringflow.checkpoint.CheckpointCoordinator.TaskControl;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.Clock;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.metadata.OperatorDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The checkpoints of one job across its execution attempts: storage, the id sequence, the
 * statistics and the latest completed checkpoint, which a restart restores from. Savepoints
 * always go to files, so they are self-contained and can be moved.
 */
public final class JobCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(JobCheckpoints.class);
    private final String storageJobId;
    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final List<OperatorDescriptor> operators;
    private final AtomicLong nextId;
    // the job's, not an attempt's: a failover does not forgive the checkpoints that failed before it (as in Flink)
    private final java.util.concurrent.atomic.AtomicInteger consecutiveFailures = new java.util.concurrent.atomic.AtomicInteger();
    /** Statistics of at most this many settled checkpoints are kept, the newest. */
    public static final int MAX_HISTORY = 1000;
    private final List<CheckpointStats> history = new ArrayList<>();
    private final java.util.ArrayDeque<io.ringflow.api.CheckpointTrace> traces = new java.util.ArrayDeque<>(); // guarded by itself
    /** Trigger times of the checkpoints in progress, for readers on other threads. */
    private final Map<Long, Long> inProgress = new ConcurrentHashMap<>();
    private volatile CompletedCheckpoint latestCompleted;

    private final Clock clock;

    public JobCheckpoints(String storageJobId, CheckpointConfig config, List<OperatorDescriptor> operators,
                          CompletedCheckpoint restoredFrom) {
        this(storageJobId, config, operators, restoredFrom, Clock.SYSTEM);
    }

    public JobCheckpoints(String storageJobId, CheckpointConfig config, List<OperatorDescriptor> operators,
                          CompletedCheckpoint restoredFrom, Clock clock) {
        this.clock = clock;
        this.storageJobId = storageJobId;
        this.config = config;
        this.storage = CheckpointStorage.create(config.storageOptions());
        this.operators = operators;
        this.latestCompleted = restoredFrom;
        // Number after every checkpoint this job's name already has, so none is overwritten.
        List<Long> retained = storage.completedCheckpointIds(storageJobId);
        long afterRetained = retained.isEmpty() ? 1 : retained.get(retained.size() - 1) + 1;
        long afterRestored = restoredFrom == null ? 1 : restoredFrom.checkpointId() + 1;
        this.nextId = new AtomicLong(Math.max(Math.max(afterRetained, afterRestored), afterFinalSavepoint(storage, storageJobId)));
    }

    public CheckpointCoordinator newCoordinator(List<? extends TaskControl> tasks, CheckpointCoordinator.TaskGraph graph,
                                                TaskReports reports, Clock clock, Consumer<Throwable> failJob,
                                                java.util.function.Supplier<String> diagnostics) {
        return new CheckpointCoordinator(this, tasks, graph, reports, clock, failJob, diagnostics);
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

    /** After the savepoint the job last stopped with: restore latest compares ids, so a new checkpoint must be newer. */
    private static long afterFinalSavepoint(CheckpointStorage storage, String storageJobId) {
        try {
            return storage.finalSavepoint(storageJobId).map(s -> s.checkpointId() + 1).orElse(1L);
        } catch (CheckpointStorageException e) {
            return 1; // a damaged note: restore latest names it; numbering goes on after the retained checkpoints
        }
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

    /** {@code intermediateSavepoint}: committed nothing, so a failover does not restore it. */
    void completed(CompletedCheckpoint checkpoint, boolean intermediateSavepoint) {
        if (!intermediateSavepoint) {
            latestCompleted = checkpoint;
        }
    }

    /** The job stops with this savepoint: noted where a later restore of "latest" looks, before the sinks commit it. */
    void recordFinalSavepoint(long id, Path savepoint) {
        storage.recordFinalSavepoint(storageJobId, id, savepoint);
    }

    /** A checkpoint or savepoint completed: the failures in a row start again from 0. */
    void checkpointSucceeded() {
        consecutiveFailures.set(0);
    }

    /** The failures in a row failed the job: its restart tolerates as many again (Flink's clearCount). */
    void clearFailureCount() {
        consecutiveFailures.set(0);
    }

    /** A periodic checkpoint failed: the failures in a row now, across the job's attempts. */
    int checkpointFailed() {
        return consecutiveFailures.incrementAndGet();
    }

    void started(long id, long triggerTimeMs) {
        inProgress.put(id, triggerTimeMs);
    }

    /**
     * When checkpoint {@code id} was triggered (the job's clock, ms), or -1 once it is settled: a
     * task's aligned-checkpoint timeout counts from it, as Flink's counts the checkpoint's start delay.
     */
    public long triggerTimeMs(long id) {
        Long time = inProgress.get(id);
        return time == null ? -1 : time;
    }

    void record(CheckpointStats stats) {
        synchronized (history) {
            history.add(stats);
            if (history.size() > MAX_HISTORY) {
                history.remove(0); // a long-running job keeps the newest, not all
            }
        }
        inProgress.remove(stats.id());   // after the history has it: a reader never misses it
    }

    void recordTrace(io.ringflow.api.CheckpointTrace trace) {
        synchronized (traces) {
            traces.addLast(trace);
            if (traces.size() > MAX_HISTORY) {
                traces.removeFirst();
            }
        }
    }

    /** The traces of the newest settled checkpoints (at most {@link #MAX_HISTORY}), oldest first; any thread. */
    public List<io.ringflow.api.CheckpointTrace> traces() {
        synchronized (traces) {
            return new ArrayList<>(traces);
        }
    }

    /** The newest checkpoint completed by any attempt of this job (or the one it was restored from). */
    public CompletedCheckpoint latestCompleted() {
        return latestCompleted;
    }

    public CheckpointStorage storage() {
        return storage;
    }

    /** Every checkpoint so far, by id, those in progress last. */
    public List<CheckpointStats> stats() {
        Map<Long, Long> running = new TreeMap<>(inProgress);   // before the history, see record()
        List<CheckpointStats> all;
        synchronized (history) {
            all = new ArrayList<>(history);
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        all.forEach(done -> running.remove(done.id()));
        long nowMs = clock.currentTimeMillis();
        running.forEach((id, triggerMs) -> all.add(new CheckpointStats(id, triggerMs, CheckpointStatus.IN_PROGRESS,
            Math.max(0, nowMs - triggerMs), 0, 0, 0, 0, 0, 0, false, null, 0, 0,
            Math.max(0, nowMs - triggerMs) * 1_000, Math.max(0, nowMs - triggerMs) * 1_000)));
        return all;
    }

    /** Never throws: the job has ended whatever its storage does now. */
    public void onJobEnded() {
        try {
            storage.onJobEnded(storageJobId);
        } catch (RuntimeException e) {
            LOG.warn("job '{}': cannot tidy its checkpoints' shared files: {}", storageJobId, e.toString());
        }
    }

    /** The job ended for good ({@code cancelled}: by a cancel): its checkpoints go if the retention says so. */
    public void onJobTerminated(boolean cancelled) {
        storage.onJobTerminated(storageJobId, cancelled);
    }
}
