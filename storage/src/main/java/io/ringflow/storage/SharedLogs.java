package io.ringflow.storage;

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
        return bySubtask.computeIfAbsent(subtask, key -> new SharedLog(sharedDir, diskSpace, rollBytes))
            .claim(sharedFileName, flush);
    }

    /** The files links are being appended to: retention must keep them, referenced or not yet. */
    Set<String> openFileNames() {
        Set<String> names = new HashSet<>();
        for (SharedLog log : bySubtask.values()) {
            String name = log.openFileName();
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    void close() {
        bySubtask.values().forEach(SharedLog::close);
        bySubtask.clear();
    }
}
