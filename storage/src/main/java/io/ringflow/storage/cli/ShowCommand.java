package io.ringflow.storage.cli;

import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.OperatorMetadata;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.storage.metadata.SubtaskMetadata;
import io.ringflow.storage.layout.CheckpointLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code show PATH}: what a checkpoint or savepoint holds, from its metadata. */
final class ShowCommand implements CheckpointsCli.CliCommand {
    private final PrintStream out;

    ShowCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String help() {
        return """
            Usage: ringflow checkpoints show PATH

            Prints what the checkpoint or savepoint at PATH (its directory or its _metadata)
            holds: job, id, completion time, operators with parallelism and max parallelism,
            each subtask's key-group range, state file (or inline) with size and CRC32C, for an
            incremental checkpoint the chain of shared files it builds on (oldest, a full one,
            first), source positions, in-flight channels with record counts and sizes, and, when
            the job wrote one, the checkpoint's trace: when each task saw the trigger or its
            barriers, snapshotted, wrote and acknowledged, in microseconds after the trigger.
            """;
    }

    @Override
    public int run(Path path) {
        CompletedCheckpoint checkpoint = CheckpointDirectories.open(path);
        CheckpointMetadata m = checkpoint.metadata();
        out.println(m.kind().name().toLowerCase() + " " + m.checkpointId() + " of job " + m.jobId());
        out.println("  path:          " + checkpoint.directory().toAbsolutePath());
        out.println("  completed:     " + Sizes.time(m.completedAtMs()));
        out.println("  format:        " + m.formatVersion());
        out.println("  size:          " + Sizes.bytes(m.totalBytes()) + " (in-flight " + Sizes.bytes(m.inFlightBytes())
            + ")");
        if (m.baseBytes() > 0) {
            out.println("  incremental:   builds on " + Sizes.bytes(m.baseBytes()) + " of earlier checkpoints' shared files");
        }
        out.println("operators: " + m.operators().size());
        for (OperatorMetadata operator : m.operators()) {
            out.println("  " + operator.uid() + "  parallelism " + operator.parallelism() + ", max parallelism "
                + operator.maxParallelism());
            for (SubtaskMetadata s : operator.subtasks()) {
                out.println("    subtask " + s.subtask() + "  key groups " + s.keyGroups() + "  state " + stream(s.state())
                    + (s.finished() ? "  (input ended)" : ""));
                for (int i = 0; i < s.base().size(); i++) {
                    out.println("      base " + (i + 1) + "/" + s.base().size() + (i == 0 ? " (full)    " : " (changes) ")
                        + stream(s.base().get(i)));
                }
                if (s.sourcePosition() != null) {
                    out.println("      source position " + Sizes.hex(s.sourcePosition()));
                }
            }
        }
        out.println("in-flight channels: " + m.channels().size());
        for (ChannelStateMetadata channel : m.channels()) {
            out.println("  " + channel.channel() + "  " + channel.recordCount() + " records  " + stream(channel.records()));
        }
        printTrace(checkpoint.directory());
        return CheckpointsCli.OK;
    }

    private void printTrace(Path directory) {
        Path trace = directory.resolve(CheckpointLayout.TRACE_FILE);
        if (!Files.isRegularFile(trace)) {
            out.println("trace: none (written by the job after the checkpoint completed)");
            return;
        }
        try {
            out.print("trace: " + Files.readString(trace, StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.println("trace: unreadable (" + e + ")");
        }
    }

    private static String stream(StreamHandle handle) {
        if (handle == null) {
            return "none";
        }
        return handle.label() + " " + Sizes.bytes(handle.length()) + " crc32c " + String.format("%08x", handle.crc32c());
    }
}
