package io.ringflow.storage.cli;

import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.FinalSavepoint;
import io.ringflow.storage.file.SnapshotBytes;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.MetadataDescriptor;
import io.ringflow.storage.metadata.StreamHandle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code list DIR}: one line per checkpoint. The status checks the metadata and that every file
 * is there with its length; {@code verify} reads the bytes too.
 */
final class ListCommand implements CheckpointsCli.CliCommand {
    private static final String FORMAT = "%-10s %-26s %10s %12s  %s%n";
    private final PrintStream out;

    ListCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String help() {
        return """
            Usage: ringflow checkpoints list DIR

            Lists the checkpoints under DIR, a job directory (holding chk-<n>), the
            state.checkpoints.dir root (one section per job) or one chk-<n>, one line each:
              id, completion time, total size, in-flight bytes, status
            Status: COMPLETE, INCOMPLETE (no _metadata: interrupted or being written),
            RETIRED (deleted by retention, its emptied directory kept to be reused) or
            CORRUPT with the reason. Run 'verify' to check every checksum.
            """;
    }

    @Override
    public int run(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointStorageException(dir + (Files.exists(dir) ? ": a file, not a directory; give a job's"
                + " checkpoint directory, a chk-N or savepoint directory" : ": no such directory"));
        }
        List<Path> checkpoints = CheckpointLayout.checkpointId(dir) >= 0 ? List.of(dir)
            : CheckpointLayout.checkpointDirs(dir);
        if (!checkpoints.isEmpty()) {
            printJob(checkpoints);
            return CheckpointsCli.OK;
        }
        boolean any = false;
        for (Path job : subdirectories(dir)) {
            List<Path> jobCheckpoints = CheckpointLayout.checkpointDirs(job);
            if (!jobCheckpoints.isEmpty()) {
                out.println("job " + job.getFileName());
                printJob(jobCheckpoints);
                any = true;
            }
        }
        if (!any) {
            out.println("no checkpoints in " + dir);
        }
        return CheckpointsCli.OK;
    }

    private void printJob(List<Path> checkpoints) {
        out.printf(FORMAT, "ID", "COMPLETED", "SIZE", "IN-FLIGHT", "STATUS");
        for (Path dir : checkpoints) {
            String id = dir.getFileName().toString();
            if (!CheckpointLayout.hasMetadata(dir)) {
                out.printf(FORMAT, id, "-", Sizes.bytes(directorySize(dir)), "-",
                    Files.exists(dir.resolve(MetadataDescriptor.RETIRED_NAME)) ? "RETIRED (emptied, kept to be reused)"
                        : "INCOMPLETE (no _metadata)");
                continue;
            }
            try {
                CompletedCheckpoint checkpoint = CheckpointDirectories.open(dir);
                CheckpointMetadata m = checkpoint.metadata();
                // the state's bytes, as show prints them (inline streams live in _metadata: adding its size counted them twice)
                out.printf(FORMAT, id, Sizes.time(m.completedAtMs()), Sizes.bytes(m.totalBytes()), Sizes.bytes(m.inFlightBytes()),
                    status(dir, m));
            } catch (CheckpointStorageException e) {
                out.printf(FORMAT, id, "-", Sizes.bytes(directorySize(dir)), "-",
                    "CORRUPT: " + CheckpointsCli.oneLine(e.getMessage()));
            }
        }
        printFinalSavepoint(checkpoints.get(0).getParent(), CheckpointLayout.checkpointId(checkpoints.get(checkpoints.size() - 1)));
    }

    /** The savepoint the job stopped with, when restore latest would take it over the newest checkpoint. */
    private void printFinalSavepoint(Path jobDir, long newestId) {
        try {
            FinalSavepoint.read(jobDir).filter(s -> s.checkpointId() > newestId).ifPresent(s -> out.println(
                "stopped with savepoint " + s.directory() + " (checkpoint " + s.checkpointId() + "): restore latest takes it"));
        } catch (CheckpointStorageException e) {
            out.println("CORRUPT: " + CheckpointsCli.oneLine(e.getMessage()));
        }
    }

    private static String status(Path dir, CheckpointMetadata m) {
        for (StreamHandle stream : m.streams().toList()) {
            if (!stream.isInline()) {
                Path file = dir.resolve(stream.fileName());
                if (!Files.exists(file)) {
                    return "CORRUPT: " + stream.fileName() + " is missing";
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    String sizeProblem = SnapshotBytes.sizeProblem(channel, stream);
                    if (sizeProblem != null) {
                        return "CORRUPT: " + stream.fileName() + " is " + sizeProblem;
                    }
                } catch (IOException e) {
                    return "CORRUPT: " + stream.fileName() + " cannot be read: " + e;
                }
            }
        }
        return "COMPLETE";
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new CheckpointStorageException(dir + ": cannot list: " + e);
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(ListCommand::fileSize).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
