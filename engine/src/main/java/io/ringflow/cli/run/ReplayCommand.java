package io.ringflow.cli.run;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.cli.Command;
import io.ringflow.connector.CommittedLogQueue;
import io.ringflow.connector.LogReplay;
import io.ringflow.storage.StorageOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ringflow replay}: runs a user's job, unchanged, as {@code ringflow run} does, with its
 * Chronicle log source replaced by a bounded replay of {@code --log} and its Chronicle log sink
 * writing into a fresh directory (see {@link LogReplay}); then compares that committed output
 * with an earlier one ({@link OutputComparison}). Exit 0 identical, 1 different (the first
 * difference named) or failed, 2 a usage mistake.
 */
public final class ReplayCommand implements Command {
    public static final String USAGE = """
        usage: ringflow replay --job CLASS --log DIR --compare OUT_DIR [OPTIONS] [-- ARGS...]
          --job CLASS          the class whose main(String[]) builds and executes the job, as for `ringflow run`
          --log DIR            the Chronicle log the job's log source reads instead of its own, bounded
          --compare OUT_DIR    an earlier committed output of the job's Chronicle log sink
          --from INDEX|TIME    start at a queue index (a log of one queue) or at the first record appended at or
                               after a time (2026-11-21T08:00:00Z)
          --to INDEX|TIME      end at a queue index (included) or before the first record appended at or after a time
          --parallelism N      the job's default parallelism (operators that set their own keep it)
          --output DIR         where the replay writes (a new or empty directory; default a new one in the temp dir)
          --classpath CP       jars and directories, separated by ':', to find CLASS and its classes in
          --config FILE        configuration the program's environments start from, as for `ringflow run`
          -- ARGS...           the program's arguments
        The job runs unchanged: its ChronicleLogSource reads --log, its ChronicleLogSink writes OUTPUT/output,
        its checkpoints go to OUTPUT/checkpoints, never to its own directories. Identical output: the same
        committed records (payload bytes and event time), per queue in commit order when both logs have the
        same queues, else as a multiset.
        Exit codes: 0 identical, 1 a difference (the first one named) or a failure, 2 a usage mistake.""";

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public boolean asksForHelp(List<String> args) {
        int end = args.indexOf("--");
        List<String> own = end < 0 ? args : args.subList(0, end);
        return own.contains("--help") || own.contains("-h");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ReplayOptions options = ReplayOptions.parse(args);
        requireLog(options.log(), "--log", "the log to replay");
        requireLog(options.compare(), "--compare", "the earlier output to compare with");
        Path work = workDirectory(options.output());
        LogReplay replay = new LogReplay(options.log(), options.from(), options.to(), work.resolve("output"));
        RunContext context = new RunContext(options.run(), out, err, env -> override(env, options, work));
        LogReplay.install(replay);
        int code = 1;
        boolean replayed = false;
        try {
            code = RunCommand.execute(options.run(), context, out, err);
            replayed = code == 0 && !replay.sourceDirectories().isEmpty() && !replay.sinkDirectories().isEmpty();
        } finally {
            LogReplay.install(null);
            if (!replayed && options.output() == null) {
                deleteQuietly(work); // a temporary directory of a replay that did not run: nothing in it to look at
            }
        }
        if (code != 0) {
            return code;
        }
        if (!replayed) {
            err.println("ringflow replay: the job " + (replay.sourceDirectories().isEmpty()
                ? "read no ChronicleLogSource: a replay feeds --log to the job through its Chronicle log source"
                : "wrote no ChronicleLogSink: a replay compares the committed output of its Chronicle log sink"));
            return 1;
        }
        out.println("replay: read " + options.log() + " instead of " + replay.sourceDirectories().iterator().next()
            + ", wrote " + replay.output() + " instead of " + replay.sinkDirectories().iterator().next());
        String difference = new OutputComparison(replay.sinkCodec()).firstDifference(options.compare(), replay.output());
        if (difference != null) {
            err.println("ringflow replay: the output differs from " + options.compare() + ": " + difference);
            return 1;
        }
        out.println("identical: " + options.compare() + " and " + replay.output() + " hold the same committed records");
        return 0;
    }

    /** The replay's settings, applied last: they override the program's. */
    private static void override(StreamEnvironment env, ReplayOptions options, Path work) {
        if (options.parallelism() != null) {
            env.setParallelism(options.parallelism());
        }
        env.setRestore(null); // a replay starts from the log, not from the job's checkpoints
        env.getCheckpointConfig().storage().checkpointsDir(work.resolve("checkpoints"))
            .savepointsDir(work.resolve("savepoints"));
    }

    private static void requireLog(Path dir, String option, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": no such log directory (" + what + ")");
        }
        if (CommittedLogQueue.queues(dir).isEmpty()) {
            throw new IllegalArgumentException(option + " " + dir + " holds no subtask-N queue: not a Chronicle log "
                + "(" + what + ")");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temporary directory: the system's cleaning of its temporary files takes what is left
        }
    }

        private static Path workDirectory(Path output) throws IOException {
        if (output == null) {
            return Files.createTempDirectory("ringflow-replay-");
        }
        if (Files.exists(output)) {
            try (Stream<Path> entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--output " + output + " is not empty: give a new or empty "
                        + "directory, so that the replay's output is its own");
                }
            }
        }
        return Files.createDirectories(output);
    }
}
