package io.ringflow.storage.log;

import net.openhft.chronicle.queue.ChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a log directory: one Chronicle queue per writing subtask, in
 * {@code <log-dir>/subtask-<i>/}, so that no two subtasks ever append to the same queue.
 *
 * <pre>
 * orders-log/
 *   subtask-0/   20261121F.cq4  metadata.cq4t
 *   subtask-1/   ...
 * </pre>
 */
public final class LogDirectory {
    private static final String PREFIX = "subtask-";
    private static final Pattern QUEUE_NAME = Pattern.compile(PREFIX + "(\\d+)");
    private static final long PAGE_BYTES = 4096;

    private LogDirectory() {
    }

    /** The queue directory of subtask {@code subtask}. */
    public static Path queueDirectory(Path logDir, int subtask) {
        if (subtask < 0) {
            throw new IllegalArgumentException("subtask index must be >= 0, got " + subtask);
        }
        return logDir.resolve(PREFIX + subtask);
    }

    /** The subtask numbers that have a queue in {@code logDir}, ascending; empty when the directory does not exist. */
    public static List<Integer> subtasks(Path logDir) {
        List<Integer> subtasks = new ArrayList<>();
        if (!Files.isDirectory(logDir)) {
            return subtasks;
        }
        try (Stream<Path> children = Files.list(logDir)) {
            children.filter(Files::isDirectory).forEach(child -> {
                Matcher matcher = QUEUE_NAME.matcher(child.getFileName().toString());
                if (matcher.matches()) {
                    subtasks.add(Integer.parseInt(matcher.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list log directory " + logDir, e);
        }
        subtasks.sort(null);
        return subtasks;
    }

    /**
     * Opens (creating it if needed) the queue in {@code queueDir} and hands it to {@code owner},
     * which closes it later; closes it at once when the owner cannot be made. Every log queue is
     * built here.
     */
    static <R> R openQueue(Path queueDir, Function<ChronicleQueue, R> owner) {
        checkNotCutShort(queueDir);
        ChronicleQueue queue;
        try {
            queue = ChronicleQueue.singleBuilder(queueDir).build();
        } catch (Exception e) { // Chronicle also throws checked exceptions unchecked (a file not a queue's)
            throw damaged(queueDir, "cannot open the Chronicle queue", e);
        }
        try {
            CycleEnds.checkNewestCycle(queueDir, queue);
            return owner.apply(queue); // a tailer or appender: Chronicle reads the queue's first file here
        } catch (LogException | Error e) {
            queue.close();
            throw e;
        } catch (Exception e) {
            queue.close();
            throw damaged(queueDir, "cannot read the Chronicle queue", e);
        }
    }

    /**
     * Chronicle sizes its files in whole pages, and extends a file it maps: a queue file cut short
     * (a copy interrupted) would be extended with zeros and read as ending early, without an error.
     * So a length that is not a whole number of pages is refused before Chronicle opens it.
     */
    private static void checkNotCutShort(Path queueDir) {
        if (!Files.isDirectory(queueDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(queueDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList()) {
                long length = Files.size(file);
                if (length % PAGE_BYTES != 0) {
                    throw new LogException(file + ": " + length + " bytes, not a whole number of " + PAGE_BYTES
                        + "-byte pages as Chronicle writes its files: the file was cut short (a copy interrupted?) and the"
                        + " records after the cut are gone; restore it from a copy");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the queue directory " + queueDir, e);
        }
    }

    /** A queue that Chronicle cannot read: names its files and the fix. */
    static LogException damaged(Path queueDir, String what, Exception cause) {
        return new LogException(queueDir + ": " + what + " (" + cause + "); its files " + queueFiles(queueDir)
            + " are damaged or not a log's: restore them from a copy, or move them away", cause);
    }

    private static List<String> queueFiles(Path queueDir) {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".cq4")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
