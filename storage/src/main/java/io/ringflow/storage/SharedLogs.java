package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.StreamFile;
import io.ringflow.storage.layout.CheckpointLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The {@link SharedLog}s of one job, one per subtask with incremental state. */
final class SharedLogs {
    /** A log rolls to a new file past this: retention can then delete the old one once no checkpoint refers to it. */
    static final long ROLL_BYTES = StorageOptions.DEFAULT_MAX_FILE_SIZE;

    private final Path sharedDir;
    private final Path preparedDir;
    private final DiskSpace diskSpace;
    private final long rollBytes;
    private final Map<String, SharedLog> bySubtask = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWriters = new ConcurrentHashMap<>(); // log file -> newest checkpoint with a range in it
    private final BackgroundThread populator = new BackgroundThread("ringflow-log-populator");
    private final java.util.concurrent.atomic.AtomicLong filesCreated = new java.util.concurrent.atomic.AtomicLong();

    /** {@code preparedDir}, on the same file system, holds each log's next file until its roll. */
    SharedLogs(Path sharedDir, Path preparedDir, DiskSpace diskSpace, long rollBytes) {
        this.sharedDir = sharedDir;
        this.preparedDir = preparedDir;
        deleteLeftovers(preparedDir);
        this.diskSpace = diskSpace;
        this.rollBytes = rollBytes;
    }

    /**
     * A range of the log of the subtask {@code sharedFileName} is for (a name made by
     * {@link CheckpointLayout#sharedStateFileName}), or null when that log is busy: then the
     * stream takes a file of its own, named so.
     */
    StreamFile claim(String sharedFileName, boolean flush) {
        String subtask = CheckpointLayout.sharedFileSubtask(sharedFileName);
        if (subtask == null) {
            return null;
        }
        StreamFile range = bySubtask.computeIfAbsent(subtask, key -> new SharedLog(sharedDir, preparedDir, diskSpace, rollBytes, populator,
            filesCreated::incrementAndGet))
            .claim(sharedFileName, flush);
        if (range != null) {
            lastWriters.merge(range.path().getFileName().toString(),
                CheckpointLayout.sharedFileCheckpointId(sharedFileName), Math::max);
        }
        return range;
    }

    /**
     * The files retention must keep whether a checkpoint refers to them or not: those links are
     * appended to now, and those a checkpoint still in progress (in {@code inProgress}, or newer
     * than {@code newestCompleted}) wrote a range of, which its metadata will name. A log rolled
     * while such a checkpoint was in progress is named after an older checkpoint.
     */
    Set<String> filesInUse(Set<Long> inProgress, long newestCompleted) {
        Set<String> names = new HashSet<>();
        for (SharedLog log : bySubtask.values()) {
            String name = log.openFileName();
            if (name != null) {
                names.add(name);
            }
        }
        lastWriters.entrySet().removeIf(e -> {
            long writer = e.getValue();
            if (writer > newestCompleted || inProgress.contains(writer)) {
                names.add(e.getKey());
                return false;
            }
            return true; // from now on a reference, or none, decides
        });
        return names;
    }

    /** Next files made ahead by a process that is gone: a killed one leaves them. */
    private static void deleteLeftovers(Path preparedDir) {
        if (!Files.isDirectory(preparedDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(preparedDir)) {
            files.filter(SharedLogs::isLeftover).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // tried again when the job's logs are next opened
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    private static boolean isLeftover(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        if (!name.endsWith(SharedLog.PREPARED_SUFFIX) || dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(0, dash));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** True when the log that wrote {@code fileName} (in {@code shared/}, referred to by nothing) took it back for reuse. */
    boolean recycle(String fileName) {
        String subtask = CheckpointLayout.sharedFileSubtask(fileName);
        SharedLog log = subtask == null ? null : bySubtask.get(subtask);
        return log != null && log.recycle(fileName);
    }

    /** Files made in {@code shared/} for this job so far: logs opened and links given files of their own. */
    long filesCreated() {
        return filesCreated.get();
    }

    /** A link got a file of its own in {@code shared/}. */
    void fileCreated() {
        filesCreated.incrementAndGet();
    }

    void close() {
        bySubtask.values().forEach(SharedLog::close);
        bySubtask.clear();
        populator.awaitDone();
    }
}
