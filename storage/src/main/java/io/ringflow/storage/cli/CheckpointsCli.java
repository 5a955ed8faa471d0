package io.ringflow.storage.cli;

import io.ringflow.storage.CheckpointStorageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ringflow checkpoints list|show|verify}: find, inspect and check checkpoints and
 * savepoints from the command line. Output goes to {@code out}; an error is one line on
 * {@code err}. Exit codes: 0 sound, 1 a bad file or an error, 2 a usage mistake.
 */
public final class CheckpointsCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
        Usage: ringflow checkpoints <command> [--help]

        Commands:
          list DIR      one line per checkpoint under DIR (a job directory or state.checkpoints.dir):
                        id, completion time, size, in-flight bytes, status
          show PATH     operators, subtasks, key-group ranges, files, source positions and
                        in-flight channels of a checkpoint or savepoint directory
          verify PATH   check every file's length, CRC32C and brackets; exit 0 when sound,
                        1 naming each bad file
        """;

    private CheckpointsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("ringflow checkpoints: missing command (list, show or verify); see --help");
            return USAGE;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        CliCommand cmd = switch (command) {
            case "list" -> new ListCommand(out);
            case "show" -> new ShowCommand(out);
            case "verify" -> new VerifyCommand(out, err);
            default -> null;
        };
        if (cmd == null) {
            err.println("ringflow checkpoints: unknown command '" + command + "' (list, show or verify); see --help");
            return USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(cmd.help());
            return OK;
        }
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            err.println("ringflow checkpoints " + command + ": expects exactly one path; see "
                + "ringflow checkpoints " + command + " --help");
            return USAGE;
        }
        try {
            return cmd.run(Path.of(rest.get(0)));
        } catch (CheckpointStorageException | IllegalArgumentException e) {
            err.println("ringflow checkpoints " + command + ": " + oneLine(e.getMessage()));
            return FAILED;
        }
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replace('\n', ' ').replace('\r', ' ');
    }

    /** One subcommand. */
    interface CliCommand {
        String help();

        int run(Path path);
    }
}
