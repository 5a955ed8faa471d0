package io.ringflow.connector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test with a temporary directory for its logs, which checks after each test, from the
 * process's memory map (Linux {@code /proc/self/maps}), that no file under the directory is
 * still mapped: a queue, appender or tailer left open keeps its files mapped.
 */
abstract class LogDirectoryTest {
    private static final Path MAPS = Path.of("/proc/self/maps");

    @TempDir
    Path dir;

    @AfterEach
    void shouldLeaveNoFileMapped() throws InterruptedException {
        if (!Files.isReadable(MAPS)) {
            return; // not Linux: nothing to check with
        }
        String prefix = dir.toAbsolutePath().toString();
        // Chronicle releases mappings on a background thread: give it a second
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
