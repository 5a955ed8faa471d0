package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.StreamFile;
import io.ringflow.storage.layout.CheckpointLayout;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link SharedLog}s of one job, one per subtask with incremental state. */
final class SharedLogs {
    /** A log rolls to a new file past this: retention can then delete the old one once no checkpoint refers to it. */
    static final long ROLL_BYTES = 16L << 20;

    private final Path sharedDir;
    private final DiskSpace diskSpace;
    private final long rollBytes;
    private final Map<String, SharedLog> bySubtask = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWriters = new ConcurrentHashMap<>(); // log file -> newest checkpoint with a range in it
    private final BackgroundThread populator = new BackgroundThread("ringflow-log-populator");
    private final java.util.concurrent.atomic.AtomicLong filesCreated = new java.util.concurrent.atomic.AtomicLong();

    SharedLogs(Path sharedDir, DiskSpace diskSpace, long rollBytes) {
        this.sharedDir = sharedDir;
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
        StreamFile range = bySubtask.computeIfAbsent(subtask, key -> new SharedLog(sharedDir, diskSpace, rollBytes, populator,
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
