package io.ringflow.cli.run;

import io.ringflow.cli.UsageException;

import java.nio.file.Path;
import java.util.List;

/** The options of {@code ringflow run}; everything after {@code --} goes to the program. */
record RunOptions(String jobClass, String classpath, Path config, String restore, boolean allowNonRestoredState,
                  List<String> programArgs) {

    static RunOptions parse(List<String> args) {
        String jobClass = null;
        String classpath = null;
        Path config = null;
        String restore = null;
        boolean allowNonRestored = false;
        List<String> programArgs = List.of();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--job" -> jobClass = value(args, ++i, arg);
                case "--classpath", "-cp" -> classpath = value(args, ++i, arg);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--restore" -> restore = value(args, ++i, arg);
                case "--allow-non-restored-state" -> allowNonRestored = true;
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
        if (allowNonRestored && restore == null) {
            throw new UsageException("--allow-non-restored-state applies to a restore: give --restore too");
        }
        return new RunOptions(jobClass, classpath, config, restore, allowNonRestored, programArgs);
    }

    static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--") || args.get(index).isBlank()) {
            throw new UsageException(option + " needs a value"); // blank: --restore "" would name the current directory
        }
        return args.get(index);
    }
}
