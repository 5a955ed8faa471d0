package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.SpareFiles;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.CheckpointKind;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code state.checkpoint-storage: filesystem}: checkpoints as directories of Chronicle
 * memory-mapped files under {@code state.checkpoints.dir}, in Flink's layout
 * ({@link CheckpointLayout}). Completing a checkpoint and retention run under one lock per
 * storage, so overlapping checkpoints never delete each other; directories still being written
 * are never touched by retention.
 */
public final class FileCheckpointStorage implements CheckpointStorage {
    private final StorageOptions options;
    private final DiskSpace diskSpace;
    private final Set<Path> inProgress = ConcurrentHashMap.newKeySet();
    private final SharedFiles sharedFiles;
    private final DirectoryDeleter deleter;
    private final BackgroundThread cutter;
    // guarded by this: each job directory's complete checkpoints by id, listed once, then kept by commits and retention
    private final Map<Path, NavigableMap<Long, Path>> completedByJob = new HashMap<>();
    private final Set<Path> leftoversSwept = new HashSet<>(); // guarded by this
    // guarded by this: per job directory, the checkpoints committed whose retention has not run yet
    private final Map<Path, ArrayDeque<CompletedCheckpoint>> retentionDue = new HashMap<>();
    private final Map<Path, SpareFiles> spares = new ConcurrentHashMap<>(); // per job directory
    private final Map<Path, SharedLogs> logs = new ConcurrentHashMap<>(); // per job directory
    private final long logRollBytes;

    public FileCheckpointStorage(StorageOptions options) {
        this(options, DiskSpace.FILE_STORE);
    }

    /** With a probe of free space other than the file store's, to exercise a full disk. */
    public FileCheckpointStorage(StorageOptions options, DiskSpace diskSpace) {
        this(options, diskSpace, options.maxFileSize());
    }

    /**
     * @param logRollBytes the size past which a subtask's shared log rolls to a new file; 0 for
     *                     no logs, a file of its own for every incremental link
     */
    FileCheckpointStorage(StorageOptions options, DiskSpace diskSpace, long logRollBytes) {
        if (options.checkpointsDir() == null) {
            throw new IllegalArgumentException(StorageOptions.CHECKPOINTS_DIR + " is required by the filesystem storage");
        }
        this.options = options;
        this.diskSpace = diskSpace;
        this.sharedFiles = new SharedFiles(options.warnings());
        this.logRollBytes = logRollBytes;
        this.deleter = new DirectoryDeleter(options.yieldAfterNanos());
        this.cutter = new BackgroundThread("ringflow-file-cutter", options.yieldAfterNanos());
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    @Override
    public CheckpointWriter beginCheckpoint(String jobId, long checkpointId) {
        Path jobDir = CheckpointLayout.jobDir(options.checkpointsDir(), jobId);
        Path dir = CheckpointLayout.checkpointDir(jobDir, checkpointId);
        synchronized (this) {
            if (dir.toFile().exists()) { // java.io: no exception when missing; the usual answer, so one look
                if (CheckpointLayout.hasMetadata(dir)) {
                    throw new CheckpointStorageException(dir + ": checkpoint " + checkpointId + " already exists");
                }
                if (!inProgress.contains(dir)) {
                    options.warnings().accept(dir + ": removing an incomplete checkpoint left by an earlier run");
                    CheckpointLayout.deleteTree(dir);
                }
            }
            Path emptied = deleter.takeEmptied(jobDir);
            if (emptied == null || !emptied.toFile().renameTo(dir.toFile())) {
                if (emptied != null) {
                    emptied.toFile().delete();
                }
                createDirectory(dir);
            }
            inProgress.add(dir);
        }
        return new CheckpointWriter(CheckpointKind.CHECKPOINT, jobId, checkpointId,
            new DirectoryTarget(dir, options, diskSpace, options.spareFiles() == 0 ? null : sparesOf(jobDir),
                logsOf(jobDir), cutter, write -> commitCheckpoint(jobDir, dir, checkpointId, write),
                () -> applyRetention(jobDir)) {
                @Override
                public void abort() {
                    super.abort();
                    inProgress.remove(dir);
                }
            });
    }

    @Override
    public CheckpointWriter beginSavepoint(String jobId, long checkpointId, Path dir) {
        Path target = dir;
        if (target == null) {
            if (options.savepointsDir() == null) {
                throw new CheckpointStorageException("no savepoint directory: pass one, or set "
                    + StorageOptions.SAVEPOINTS_DIR);
            }
            target = options.savepointsDir().resolve(CheckpointLayout.savepointDirName(jobId));
        }
        if (Files.exists(target)) {
            throw new CheckpointStorageException(target + ": a savepoint goes into a new directory, this one exists");
        }
        createDirectory(target);
        return new CheckpointWriter(CheckpointKind.SAVEPOINT, jobId, checkpointId,
            new DirectoryTarget(target, options, diskSpace, Supplier::get));
    }

    @Override
    public Optional<CompletedCheckpoint> latest(String jobId) {
        Optional<CompletedCheckpoint> newest = newestCheckpoint(jobId);
        Optional<FinalSavepoint> stop = finalSavepoint(jobId);
        if (stop.isEmpty() || newest.isPresent() && newest.get().checkpointId() >= stop.get().checkpointId()) {
            return newest;
        }
        Path savepoint = stop.get().directory();
        String fallback = newest.map(c -> "falling back to checkpoint " + c.checkpointId()).orElse("no checkpoint to fall back to");
        try {
            CompletedCheckpoint stopped = CheckpointDirectories.open(savepoint);
            List<String> problems = stopped.verify();
            if (problems.isEmpty()) {
                return Optional.of(stopped);
            }
            options.warnings().accept("skipping the savepoint " + savepoint + " the job stopped with: "
                + String.join("; ", problems) + "; " + fallback);
        } catch (CheckpointStorageException e) {
            options.warnings().accept("skipping the savepoint " + savepoint + " the job stopped with: " + e.getMessage()
                + "; " + fallback);
        }
        return newest;
    }

    @Override
    public void recordFinalSavepoint(String jobId, long checkpointId, Path savepoint) {
        FinalSavepoint.write(jobDir(jobId), checkpointId, savepoint);
    }

    @Override
    public Optional<FinalSavepoint> finalSavepoint(String jobId) {
        return FinalSavepoint.read(jobDir(jobId));
    }

    private Optional<CompletedCheckpoint> newestCheckpoint(String jobId) {
        List<Path> dirs = new ArrayList<>(CheckpointLayout.checkpointDirs(jobDir(jobId)));
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path dir = dirs.get(i);
            if (!CheckpointLayout.hasMetadata(dir)) {
                continue;
            }
            try {
                CompletedCheckpoint checkpoint = CheckpointDirectories.open(dir);
                List<String> problems = checkpoint.verify();
                if (problems.isEmpty()) {
                    return Optional.of(checkpoint);
                }
                options.warnings().accept("skipping corrupt checkpoint " + dir + ": " + String.join("; ", problems)
                    + "; falling back to the previous one");
            } catch (CheckpointStorageException e) {
                options.warnings().accept("skipping corrupt checkpoint " + dir + ": " + e.getMessage()
                    + "; falling back to the previous one");
            }
        }
        return Optional.empty();
    }

    @Override
    public CompletedCheckpoint open(Path path) {
        return CheckpointDirectories.open(path);
    }

    @Override
    public List<Long> completedCheckpointIds(String jobId) {
        return completedIds(jobDir(jobId));
    }

    /** Spare files for a job's checkpoints, in {@link CheckpointLayout#SPARES_DIR} of its directory. */
    private SpareFiles sparesOf(Path jobDir) {
        return spares.computeIfAbsent(jobDir, dir -> new SpareFiles(dir.resolve(CheckpointLayout.SPARES_DIR), diskSpace,
            options.spareFiles(), options.warnings()).yieldingEvery(options.yieldAfterNanos()));
    }

    private SharedLogs logsOf(Path jobDir) {
        if (logRollBytes <= 0) {
            return null;
        }
        return logs.computeIfAbsent(jobDir, dir -> new SharedLogs(CheckpointLayout.sharedDir(dir),
            dir.resolve(CheckpointLayout.SPARES_DIR), diskSpace, logRollBytes));
    }

    /** The job's shared logs are cut to their length and closed: nothing more is appended to them. */
    private void closeLogs(Path jobDir) {
        SharedLogs jobLogs = logs.remove(jobDir);
        if (jobLogs != null) {
            jobLogs.close();
        }
    }

    private Set<String> logFilesInUse(Path jobDir, Set<Long> inProgressIds, long newestCompleted) {
        SharedLogs jobLogs = logs.get(jobDir);
        return jobLogs == null ? Set.of() : jobLogs.filesInUse(inProgressIds, newestCompleted);
    }

    /** Takes back an unreferenced shared log file for reuse instead of its deletion; false when there are no logs. */
    private Predicate<String> recycler(Path jobDir) {
        SharedLogs jobLogs = logs.get(jobDir);
        return jobLogs == null ? file -> false : jobLogs::recycle;
    }

    /** Files the job made in {@code shared/} so far, or -1 when they are not counted (no shared logs). */
    private long sharedFilesCreated(Path jobDir) {
        SharedLogs jobLogs = logs.get(jobDir);
        return jobLogs == null ? -1 : jobLogs.filesCreated();
    }

    private void closeSpares(Path jobDir) {
        SpareFiles jobSpares = spares.remove(jobDir);
        if (jobSpares != null) {
            jobSpares.close();
        } else {
            try {
                Files.deleteIfExists(jobDir.resolve(CheckpointLayout.SPARES_DIR)); // only when empty: shared logs' next files were there
            } catch (IOException ignored) {
                // not empty: another process's files
            }
        }
    }

    @Override
    public synchronized void onJobTerminated(String jobId, boolean cancelled) {
        closeLogs(jobDir(jobId)); // first: its next files made ahead are in the spares' directory
        closeSpares(jobDir(jobId));
        if (options.cancelRetention().discards(cancelled)) {
            completedByJob.remove(jobDir(jobId));
            retentionDue.remove(jobDir(jobId));
            boolean allDeleted = true;
            for (Path dir : CheckpointLayout.checkpointDirs(jobDir(jobId))) {
                if (!inProgress.contains(dir)) {
                    delete(dir);
                } else {
                    allDeleted = false;
                }
            }
            awaitFileWork(); // cancelled means gone, as the option says
            if (allDeleted) {
                IOException failure = CheckpointLayout.deleteTree(CheckpointLayout.sharedDir(jobDir(jobId)));
                if (failure != null) {
                    options.warnings().accept(jobDir(jobId) + ": shared state not fully deleted: " + failure);
                }
            }
        }
    }

    @Override
    public synchronized void onJobEnded(String jobId) {
        Path jobDir = jobDir(jobId);
        applyRetention(jobDir);
        awaitFileWork(); // a job that ended leaves only what retention keeps
        closeLogs(jobDir); // first: its next files made ahead are in the spares' directory
        closeSpares(jobDir);
        if (inProgressIds(jobDir).isEmpty()) {
            sharedFiles.ended(jobDir);
        }
    }

    private synchronized CompletedCheckpoint commitCheckpoint(Path jobDir, Path dir, long checkpointId,
                                                              Supplier<CompletedCheckpoint> write) {
        NavigableMap<Long, Path> completed = completedByJob.computeIfAbsent(jobDir, FileCheckpointStorage::listCompleted);
        int newer = completed.tailMap(checkpointId, false).size();
        if (newer >= options.numRetained()) {
            throw new CheckpointStorageException(dir + ": subsumed, " + newer + " newer checkpoint(s) already complete"
                + " and " + StorageOptions.NUM_RETAINED + " is " + options.numRetained());
        }
        try {
            applyRetention(jobDir); // of an earlier commit whose caller did not, or whose retention failed: in order
        } catch (RuntimeException e) {
            options.warnings().accept(jobDir + ": retention after an earlier checkpoint failed, tried again later: " + e);
        }
        CompletedCheckpoint checkpoint = write.get();
        inProgress.remove(dir);
        completed.put(checkpointId, dir);
        retentionDue.computeIfAbsent(jobDir, d -> new ArrayDeque<>()).add(checkpoint);
        return checkpoint;
    }

    /** Retention and the shared files' sweep after each commit of the job not yet followed by them, in order. */
    private synchronized void applyRetention(Path jobDir) {
        ArrayDeque<CompletedCheckpoint> due = retentionDue.get(jobDir);
        NavigableMap<Long, Path> completed = completedByJob.get(jobDir);
        CompletedCheckpoint checkpoint;
        while (due != null && completed != null && (checkpoint = due.peek()) != null) {
            retain(jobDir, completed);
            Set<Long> inProgressIds = inProgressIds(jobDir);
            sharedFiles.completed(jobDir, checkpoint, completed.values(), inProgressIds,
                logFilesInUse(jobDir, inProgressIds, completed.lastKey()), sharedFilesCreated(jobDir), recycler(jobDir));
            due.poll(); // done: a failure above leaves it for the next try
        }
    }

    /**
     * Keeps the newest {@code num-retained} complete checkpoints. The job directory is listed
     * only on its first commit, which also drops what an earlier run left below them: a commit
     * touches no directory but the ones it retires.
     */
    private void retain(Path jobDir, NavigableMap<Long, Path> completed) {
        while (completed.size() > options.numRetained()) {
            delete(completed.pollFirstEntry().getValue());
        }
        if (leftoversSwept.add(jobDir)) {
            long oldestKept = completed.firstKey();
            for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
                if (!CheckpointLayout.hasMetadata(dir) && !inProgress.contains(dir)
                    && CheckpointLayout.checkpointId(dir) < oldestKept) {
                    delete(dir);
                }
            }
        }
    }

    private static NavigableMap<Long, Path> listCompleted(Path jobDir) {
        NavigableMap<Long, Path> completed = new TreeMap<>();
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            if (CheckpointLayout.hasMetadata(dir)) {
                completed.put(CheckpointLayout.checkpointId(dir), dir);
            }
        }
        return completed;
    }

    /**
     * Retires {@code dir} at once (its metadata is renamed away: it is no checkpoint any more) and
     * removes the rest in the background. The renamed file stays for a later checkpoint's metadata
     * when the directory is kept for reuse ({@link DirectoryDeleter}): a rename and a write in place
     * cost a fraction of an unlink and a file creation.
     */
    private void delete(Path dir) {
        if (deleter.isDeleting(dir)) {
            return;
        }
        Path metadata = dir.resolve(MetadataDescriptor.NAME);
        Path retired = dir.resolve(MetadataDescriptor.RETIRED_NAME);
        // java.io first: rename(2) alone, where NIO's move looks at both paths first; NIO then says why not
        if (!metadata.toFile().renameTo(retired.toFile())) {
            try {
                Files.move(metadata, retired, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                // no metadata: an incomplete leftover
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(metadata);
                } catch (IOException failure) {
                    options.warnings().accept(dir + ": cannot delete: " + failure);
                    return;
                }
            }
        }
        deleter.delete(dir, options.warnings());
    }

    /**
     * Waits until the files finished so far are cut to length and the directories retention
     * retired so far are removed from the disk; any thread.
     */
    public void awaitFileWork() {
        cutter.awaitDone();
        deleter.awaitDone();
    }

    private Set<Long> inProgressIds(Path jobDir) {
        return inProgress.stream().filter(dir -> jobDir.equals(dir.getParent()))
            .map(CheckpointLayout::checkpointId).collect(java.util.stream.Collectors.toSet());
    }

    private List<Long> completedIds(Path jobDir) {
        return CheckpointLayout.checkpointDirs(jobDir).stream().filter(CheckpointLayout::hasMetadata)
            .map(CheckpointLayout::checkpointId).toList();
    }

    private Path jobDir(String jobId) {
        return CheckpointLayout.jobDir(options.checkpointsDir(), jobId);
    }

    private static void createDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir.getParent())) { // createDirectories throws and catches an exception when it exists
                Files.createDirectories(dir.getParent());
            }
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new CheckpointStorageException(dir + ": cannot create checkpoint directory, a file is in the way ("
                + e.getFile() + ")", e);
        } catch (IOException e) {
            throw new CheckpointStorageException(dir + ": cannot create checkpoint directory (not writable?): " + e, e);
        }
    }
}
