package io.ringflow.cli.log;

import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogTailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The subtask queues of one log directory, each with a tailer, in subtask order. A queue
 * directory without a queue file yet is left alone, so that reading creates nothing in it.
 */
final class LogQueues implements AutoCloseable {
    /** One queue of the log. */
    record Queue(String name, LogTailer tailer) {
    }

    private final Path dir;
    private final TreeMap<Integer, Queue> open = new TreeMap<>();

    private LogQueues(Path dir) {
        this.dir = dir;
    }

    /** Opens the queues {@code dir} holds now; fails with a clear message when it is no directory. */
    static LogQueues open(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalStateException(dir + ": no such log directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + ": not a directory; a log is a directory of subtask-N queues");
        }
        LogQueues queues = new LogQueues(dir);
        try {
            queues.openNew();
        } catch (RuntimeException e) {
            queues.close();
            throw e;
        }
        return queues;
    }

    /** Opens the queues that appeared since the last call; returns them. */
    List<Queue> openNew() {
        List<Queue> opened = new ArrayList<>();
        for (int subtask : LogDirectory.subtasks(dir)) {
            Path queueDir = LogDirectory.queueDirectory(dir, subtask);
            if (!open.containsKey(subtask) && hasQueueFile(queueDir)) {
                Queue queue = new Queue(queueDir.getFileName().toString(), LogTailer.open(queueDir));
                open.put(subtask, queue);
                opened.add(queue);
            }
        }
        return opened;
    }

    List<Queue> queues() {
        return List.copyOf(open.values());
    }

    /** The number of subtask directories, with a queue file or without. */
    int subtaskDirectories() {
        return LogDirectory.subtasks(dir).size();
    }

    Path directory() {
        return dir;
    }

    private static boolean hasQueueFile(Path queueDir) {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + queueDir, e);
        }
    }

    @Override
    public void close() {
        for (Queue queue : open.values()) {
            queue.tailer().close();
        }
        open.clear();
    }
}
