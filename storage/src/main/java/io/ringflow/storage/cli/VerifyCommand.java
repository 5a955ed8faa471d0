package io.ringflow.storage.cli;

import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.CompletedCheckpoint.StreamCheck;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code verify PATH}: reads every byte and checks it against the metadata. */
final class VerifyCommand implements CheckpointsCli.CliCommand {
    private final PrintStream out;
    private final PrintStream err;

    VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String help() {
        return """
            Usage: ringflow checkpoints verify PATH

            Checks the checkpoint or savepoint at PATH: the _metadata checksum and format
            version, then every file's presence, length, CRC32C, begin/end markers, state
            index and in-flight records, the shared files of an incremental checkpoint
            included. Prints one line per file (OK or BAD with the reason).
            PATH may be a job directory: then every complete checkpoint is checked, and
            shared files that none refers to are named (UNREFERENCED: left by a crash, or kept
            for a task still building on the checkpoint before the newest; the job deletes
            them after a later checkpoint). Exit code 0 when every checkpoint is sound (an
            unreferenced file is not damage), 1 otherwise.
            """;
    }

    @Override
    public int run(Path path) {
        if (isJobDirectory(path)) {
            return runJob(path);
        }
        return verify(CheckpointDirectories.open(path));
    }

    private int verify(CompletedCheckpoint checkpoint) {
        out.println("OK   " + MetadataDescriptor.NAME);
        List<StreamCheck> checks = checkpoint.verifyStreams();
        int bad = 0;
        for (StreamCheck check : checks) {
            if (check.ok()) {
                out.println("OK   " + check.stream().label() + "  (" + check.what() + ")");
            } else {
                out.println("BAD  " + CheckpointsCli.oneLine(check.problem()) + "  (" + check.what() + ")");
                bad++;
            }
        }
        if (bad > 0) {
            err.println("ringflow checkpoints verify: " + bad + " of " + checks.size() + " files bad in "
                + checkpoint.directory());
            return CheckpointsCli.FAILED;
        }
        out.println("sound: " + MetadataDescriptor.NAME + " and " + checks.size() + " streams verified");
        return CheckpointsCli.OK;
    }

    /** A job directory holds chk-n directories or a shared directory, and no _metadata of its own. */
    static boolean isJobDirectory(Path path) {
        return Files.isDirectory(path) && !CheckpointLayout.hasMetadata(path)
            && (Files.isDirectory(CheckpointLayout.sharedDir(path)) || !CheckpointLayout.checkpointDirs(path).isEmpty());
    }

    private int runJob(Path jobDir) {
        int result = CheckpointsCli.OK;
        Set<String> referenced = new HashSet<>();
        long newest = -1;
        for (Path dir : CheckpointLayout.checkpointDirs(jobDir)) {
            if (!CheckpointLayout.hasMetadata(dir)) {
                continue;
            }
            out.println("checkpoint " + dir.getFileName());
            CompletedCheckpoint checkpoint = CheckpointDirectories.open(dir);
            referenced.addAll(checkpoint.sharedFiles());
            newest = Math.max(newest, checkpoint.checkpointId());
            if (verify(checkpoint) != CheckpointsCli.OK) {
                result = CheckpointsCli.FAILED;
            }
        }
        Path shared = CheckpointLayout.sharedDir(jobDir);
        if (Files.isDirectory(shared)) {
            try (Stream<Path> files = Files.list(shared)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    long id = CheckpointLayout.sharedFileCheckpointId(name);
                    if (!referenced.contains(name) && id <= newest) {
                        out.println("UNREFERENCED  " + CheckpointLayout.SHARED_DIR + "/" + name
                            + "  (no complete checkpoint refers to it; the running job's next checkpoint deletes it, "
                            + "or delete it while the job is stopped)");
                    } else if (!referenced.contains(name)) {
                        out.println("IN PROGRESS   " + CheckpointLayout.SHARED_DIR + "/" + name
                            + "  (of checkpoint " + id + ", newer than the newest complete one)");
                    }
                }
            } catch (IOException e) {
                err.println("ringflow checkpoints verify: cannot list " + shared + ": " + e);
                return CheckpointsCli.FAILED;
            }
        }
        return result;
    }
}
