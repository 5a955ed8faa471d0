package io.ringflow.storage;

import io.ringflow.storage.layout.CheckpointLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Deletes the shared state files of incremental checkpoints once nothing can refer to them any
 * more: mark and sweep after each completed checkpoint, under the storage's lock.
 *
 * <p>Kept: every file a retained checkpoint refers to; every file the checkpoint completed
 * before the newest refers to, even when retention removed it, because a task that has not yet
 * heard of the newest builds on that one; every file of a checkpoint newer than the newest
 * completed, which may be in progress; and every file of an older checkpoint still in progress,
 * which may complete late when more than one is retained. The sweep needs no counts on disk,
 * so a crash at any point leaves no dangling reference: at worst files nothing refers to, which
 * the next sweep deletes and {@code checkpoints verify} names. A checkpoint that would complete
 * with a file already swept is refused by the directory target.
 */
final class SharedFiles {
    private final Consumer<String> warnings;
    private final Map<Path, Set<String>> referencesByCheckpoint = new HashMap<>();
    private Set<String> previousNewest = Set.of();
    private final Map<Path, Sweep> lastSweeps = new HashMap<>(); // by job directory

    SharedFiles(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * After {@code checkpoint} of the job in {@code jobDir} completed and retention ran;
     * {@code retained} the directories of the job's complete checkpoints (retention done),
     * {@code inProgress} the ids of the job's checkpoints still being written, {@code logsInUse}
     * the shared logs links are appended to or that checkpoints in progress wrote to,
     * {@code filesCreated} how many files the job has made in {@code shared/} so far (-1: not
     * counted). The directory is listed only when a file came since the last sweep, a name the
     * last sweep kept is no longer kept, or the last sweep left a file of a checkpoint then in
     * progress: at a 1 ms interval, listing it each time was a fifth of the coordinator's CPU.
     * A file {@code recycle} accepts was taken back by its shared log instead of deleted.
     */
    void completed(Path jobDir, CompletedCheckpoint checkpoint, Collection<Path> retained, Set<Long> inProgress,
                   Set<String> logsInUse, long filesCreated, Predicate<String> recycle) {
        Path shared = CheckpointLayout.sharedDir(jobDir);
        if (!Files.isDirectory(shared)) {
            return;
        }
        Set<String> keep = new HashSet<>(previousNewest);
        keep.addAll(logsInUse);
        referencesByCheckpoint.keySet().removeIf(dir -> !retained.contains(dir));
        referencesByCheckpoint.put(checkpoint.directory(), checkpoint.sharedFiles());
        previousNewest = referencesByCheckpoint.get(checkpoint.directory());
        for (Path dir : retained) {
            if (CheckpointLayout.hasMetadata(dir)) { // a checkpoint whose metadata went refers to nothing
                Set<String> references = referencesByCheckpoint.computeIfAbsent(dir, this::referencesOf);
                if (references == null) {
                    lastSweeps.remove(jobDir);
                    return;
                }
                keep.addAll(references);
            }
        }
        Sweep last = lastSweeps.get(jobDir);
        if (filesCreated >= 0 && last != null && last.filesCreated == filesCreated && !last.leftInProgress
            && keep.containsAll(last.kept)) {
            lastSweeps.put(jobDir, new Sweep(filesCreated, keep, false)); // nothing new to delete
            return;
        }
        boolean leftInProgress = false;
        for (String file : unreferenced(shared, keep, Long.MAX_VALUE)) {
            long writtenFor = CheckpointLayout.sharedFileCheckpointId(file);
            if (writtenFor > checkpoint.checkpointId() || inProgress.contains(writtenFor)) {
                leftInProgress = true; // not referenced yet: its checkpoint has not written its metadata
                continue;
            }
            if (recycle.test(file)) {
                continue; // moved out of shared/ to be written again
            }
            try {
                Files.deleteIfExists(shared.resolve(file));
            } catch (IOException e) {
                warnings.accept(shared.resolve(file) + ": cannot delete unreferenced shared state file: " + e);
            }
        }
        lastSweeps.put(jobDir, new Sweep(filesCreated, keep, leftInProgress));
    }

    /** What a sweep of a job's {@code shared/} saw: the files made by then, the names kept, whether it left any for later. */
    private record Sweep(long filesCreated, Set<String> kept, boolean leftInProgress) {
    }

    /**
     * The job ended: no task builds on anything any more and nothing is being written, so every
     * shared file no retained checkpoint refers to goes, whatever checkpoint wrote it.
     */
    void ended(Path jobDir) {
        Path shared = CheckpointLayout.sharedDir(jobDir);
        if (!Files.isDirectory(shared)) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            if (CheckpointLayout.hasMetadata(dir)) {
                Set<String> references = referencesOf(dir);
                if (references == null) {
                    return;
                }
                keep.addAll(references);
            }
        }
        for (String file : unreferenced(shared, keep, Long.MAX_VALUE)) {
            try {
                Files.deleteIfExists(shared.resolve(file));
            } catch (IOException e) {
                warnings.accept(shared.resolve(file) + ": cannot delete unreferenced shared state file: " + e);
            }
        }
        referencesByCheckpoint.clear();
        previousNewest = Set.of();
        lastSweeps.remove(jobDir);
    }

    /**
     * Files of {@code shared} written for checkpoint {@code newestCompleted} or earlier that no
     * name in {@code referenced} covers; files not named by the storage are left alone.
     */
    static List<String> unreferenced(Path shared, Set<String> referenced, long newestCompleted) {
        try (Stream<Path> files = Files.list(shared)) {
            return files.map(p -> p.getFileName().toString())
                .filter(name -> {
                    long id = CheckpointLayout.sharedFileCheckpointId(name);
                    return id >= 0 && id <= newestCompleted && !referenced.contains(name);
                })
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new CheckpointStorageException(shared + ": cannot list shared state files: " + e, e);
        }
    }

    /** Null when the metadata cannot be read: then nothing is deleted rather than guessed. */
    private Set<String> referencesOf(Path dir) {
        try {
            return CheckpointDirectories.open(dir).sharedFiles();
        } catch (RuntimeException e) {
            warnings.accept(dir + ": cannot read which shared files it uses (" + e.getMessage()
                + "); no shared file is deleted this time");
            return null;
        }
    }
}
