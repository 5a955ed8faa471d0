package io.ringflow.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh temporary directory for one job's checkpoints, deleted with everything in it on
 * {@link #close()}: the workloads write real files, and no run may inherit another's.
 */
final class CheckpointDir implements AutoCloseable {
    private final Path path;

    private CheckpointDir(Path path) {
        this.path = path;
    }

    static CheckpointDir create(String label) {
        try {
            return new CheckpointDir(Files.createTempDirectory("ringflow-bench-" + label + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a checkpoint directory", e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            // Deepest first, so every directory is empty when its turn comes.
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("harness: could not delete " + path + ": " + e);
        }
    }
}
