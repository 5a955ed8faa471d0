package io.ringflow.cli;

import java.io.PrintStream;
import java.util.List;

/** One command of {@code ringflow}. */
public interface Command {
    /** The usage text, starting with {@code usage: ringflow NAME}. */
    String usage();

    /**
     * Runs with the arguments after the command's name; {@code --help} was handled before.
     *
     * @return the exit code: 0 done, 1 failed
     * @throws UsageException on a usage mistake (exit 2)
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

    /** True when {@code args} ask for help; a command may take over (checkpoints does). */
    default boolean asksForHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }
}
