package io.ringflow.cli.run;

import io.ringflow.cli.UsageException;
import io.ringflow.connector.LogReplay;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The options of {@code ringflow replay}; everything after {@code --} goes to the program. */
record ReplayOptions(RunOptions run, Path log, LogReplay.Bound from, LogReplay.Bound to, Path compare, Integer parallelism,
                     Path output) {

    static ReplayOptions parse(List<String> args) {
        String jobClass = null;
        String classpath = null;
        Path config = null;
        Path log = null;
        LogReplay.Bound from = null;
        LogReplay.Bound to = null;
        Path compare = null;
        Integer parallelism = null;
        Path output = null;
        List<String> programArgs = List.of();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--job" -> jobClass = RunOptions.value(args, ++i, arg);
                case "--classpath", "-cp" -> classpath = RunOptions.value(args, ++i, arg);
                case "--config" -> config = Path.of(RunOptions.value(args, ++i, arg));
                case "--log" -> log = Path.of(RunOptions.value(args, ++i, arg));
                case "--from" -> from = bound(RunOptions.value(args, ++i, arg), arg);
                case "--to" -> to = bound(RunOptions.value(args, ++i, arg), arg);
                case "--compare" -> compare = Path.of(RunOptions.value(args, ++i, arg));
                case "--parallelism" -> parallelism = parallelism(RunOptions.value(args, ++i, arg));
                case "--output" -> output = Path.of(RunOptions.value(args, ++i, arg));
                case "--" -> {
                    programArgs = List.copyOf(args.subList(i + 1, args.size()));
                    i = args.size();
                }
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option '" + arg + "'"
                    : "unexpected argument '" + arg + "': the program's arguments go after '--'");
            }
        }
        if (jobClass == null) {
            throw new UsageException("missing --job CLASS: the class whose main(String[]) builds and executes the job");
        }
        if (log == null) {
            throw new UsageException("missing --log DIR: the Chronicle log the job replays");
        }
        if (compare == null) {
            throw new UsageException("missing --compare OUT_DIR: an earlier output log of the job to compare the replay's with");
        }
        if (from != null && to != null && from.isIndex() == to.isIndex() && from.value() > to.value()) {
            throw new UsageException("--from " + from + " is after --to " + to + ": the range is empty");
        }
        RunOptions run = new RunOptions(jobClass, classpath, config, null, false, programArgs);
        return new ReplayOptions(run, log, from, to, compare, parallelism, output);
    }

    /** A queue index (decimal, as {@code ringflow log dump} prints it, or 0x hex) or an ISO-8601 instant. */
    private static LogReplay.Bound bound(String value, String option) {
        try {
            if (value.startsWith("0x")) {
                return LogReplay.Bound.index(Long.parseUnsignedLong(value.substring(2), 16));
            }
            if (value.chars().allMatch(Character::isDigit)) {
                return LogReplay.Bound.index(Long.parseLong(value));
            }
            return LogReplay.Bound.time(Instant.parse(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageException(option + " '" + value + "' is neither a queue index (as `ringflow log dump` prints it) "
                + "nor a time such as 2026-11-21T08:00:00Z");
        }
    }

    private static int parallelism(String value) {
        try {
            int parallelism = Integer.parseInt(value);
            if (parallelism >= 1) {
                return parallelism;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException("--parallelism takes a number of subtasks >= 1, got '" + value + "'");
    }
}
