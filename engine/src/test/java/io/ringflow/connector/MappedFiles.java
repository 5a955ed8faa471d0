package io.ringflow.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks, from the process's memory map (Linux {@code /proc/self/maps}), that no file under a
 * directory is still mapped: a queue, appender or tailer left open keeps its files mapped.
 */
final class MappedFiles {
    private static final Path MAPS = Path.of("/proc/self/maps");

    private MappedFiles() {
    }

    /** Fails when a file under {@code dir} is still mapped after Chronicle's asynchronous release had a second. */
    static void assertNoneMappedUnder(Path dir) throws InterruptedException {
        if (!Files.isReadable(MAPS)) {
            return; // not Linux: nothing to check with
        }
        String prefix = dir.toAbsolutePath().toString();
        long deadline = System.nanoTime() + 1_000_000_000L;
        List<String> mapped = mappedUnder(prefix);
        while (!mapped.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            mapped = mappedUnder(prefix);
        }
        if (!mapped.isEmpty()) {
            fail("files still mapped (a queue, appender or tailer was not closed): " + mapped);
        }
    }

    private static List<String> mappedUnder(String prefix) {
        try (var lines = Files.lines(MAPS)) {
            return lines.filter(line -> line.contains(prefix)).map(line -> line.substring(line.indexOf(prefix))).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
