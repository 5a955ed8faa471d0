package io.ringflow.storage.cli;

import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.CompletedCheckpoint.StreamCheck;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
            index and in-flight records. Prints one line per file (OK or BAD with the reason).
            Exit code 0 when everything is sound, 1 otherwise.
            """;
    }

    @Override
    public int run(Path path) {
        CompletedCheckpoint checkpoint = CheckpointDirectories.open(path);
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
}
