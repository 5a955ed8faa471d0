package io.ringflow.cli.log;

import io.ringflow.cli.Command;
import io.ringflow.cli.UsageException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code ringflow log stat|dump|tail DIR}: a Chronicle log read as a person reads files. */
public final class LogCommand implements Command {
    public static final String USAGE = """
        usage: ringflow log stat|dump|tail DIR [OPTIONS]
          stat DIR          records and commits per queue, first and last index and append time,
                            event-time range, transactions committed and open
          dump DIR          every record and commit, queue by queue (subtask-0, 1, ...) in append order
          tail DIR          records and commits as they are appended, until Ctrl-C
        options of dump and tail:
          --committed       only records whose transaction has a COMMIT, and auto-committed ones
                            (read-committed); tail shows a transaction's records when its COMMIT comes
          --codec CLASS     print payloads decoded with Codecs.forClass(CLASS): a record class, String,
                            long, java.lang.Long, long[], ...; default: hex
          --classpath CP    jars and directories, separated by ':', to find CLASS in
        DIR is a log directory (holding subtask-N queues), e.g. the demo's CHECKPOINT_DIR/output.""";

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("missing subcommand: stat, dump or tail");
        }
        String subcommand = args.get(0);
        if (!List.of("stat", "dump", "tail").contains(subcommand)) {
            throw new UsageException("unknown subcommand '" + subcommand + "': stat, dump or tail");
        }
        Path dir = null;
        boolean committed = false;
        String codec = null;
        String classpath = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--committed" -> committed = true;
                case "--codec" -> codec = value(args, ++i, arg);
                case "--classpath" -> classpath = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    if (dir != null) {
                        throw new UsageException("one log directory only, got '" + dir + "' and '" + arg + "'");
                    }
                    dir = Path.of(arg);
                }
            }
        }
        if (dir == null) {
            throw new UsageException(subcommand + " needs a log directory");
        }
        if (subcommand.equals("stat") && (committed || codec != null || classpath != null)) {
            throw new UsageException("stat takes no --committed, --codec or --classpath");
        }
        if (classpath != null && codec == null) {
            throw new UsageException("--classpath is where to find the --codec class: give --codec too");
        }
        String label = "ringflow log " + subcommand + ": ";
        try {
            switch (subcommand) {
                case "stat":
                    return LogStat.print(dir, out);
                case "dump":
                    return LogDump.dump(dir, committed, PayloadFormat.of(codec, classpath), out, err, label);
                default:
                    try (LogTail tail = LogTail.open(dir, committed, PayloadFormat.of(codec, classpath), out)) {
                        err.println(label + "following " + tail.describe() + "; Ctrl-C stops");
                        tail.follow(() -> false);
                    }
                    return 0;
            }
        } catch (RuntimeException e) {
            out.flush();
            err.println(label + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }
}
