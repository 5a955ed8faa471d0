package io.ringflow.cli;

import io.ringflow.cli.log.LogCommand;
import io.ringflow.cli.run.ReplayCommand;
import io.ringflow.cli.run.RunCommand;
import io.ringflow.cli.run.SavepointCommand;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code ringflow} command. Exit codes: 0 done, 1 failed, 2 a usage mistake (one line and
 * the usage on stderr). Help goes to stdout.
 */
public final class Main {
    static final String USAGE = """
        usage: ringflow COMMAND [OPTIONS]
          demo              run the demo job (trades -> per-symbol volume and 1 s VWAP bars)
          run               run a program that builds and executes a job; Ctrl-C stops it with a savepoint
          savepoint         take a savepoint of a job that `ringflow run` runs
          replay            run a job over a log and compare its output with an earlier one, record by record
          checkpoints       list, show and verify checkpoints and savepoints
          log               stat, dump and tail a Chronicle log
          help [COMMAND]    this text, or a command's usage
          --version         the version
        ringflow COMMAND --help shows a command's options.""";

    private static final Map<String, Command> COMMANDS = Map.of(
        "demo", new DemoCommand(),
        "checkpoints", new CheckpointsCommand(),
        "log", new LogCommand(),
        "run", new RunCommand(),
        "replay", new ReplayCommand(),
        "savepoint", new SavepointCommand());

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usageError("ringflow: missing command", USAGE, err);
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (name) {
            case "--help", "-h":
                out.println(USAGE);
                return 0;
            case "--version":
                out.println("ringflow " + version());
                return 0;
            case "help":
                return help(rest, out, err);
            default:
                break;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            return usageError("ringflow: unknown " + (name.startsWith("-") ? "option" : "command") + " '" + name + "'",
                USAGE, err);
        }
        if (command.asksForHelp(rest)) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            return usageError("ringflow " + name + ": " + e.getMessage(), command.usage(), err);
        } catch (Exception e) {
            err.println("ringflow " + name + ": " + oneLine(e));
            return 1;
        }
    }

    private static int help(List<String> topics, PrintStream out, PrintStream err) {
        if (topics.isEmpty()) {
            out.println(USAGE);
            return 0;
        }
        Command command = COMMANDS.get(topics.get(0));
        if (topics.size() > 1 || command == null) {
            return usageError("ringflow help: no command " + String.join(" ", topics), USAGE, err);
        }
        out.println(command.usage());
        return 0;
    }

    static int usageError(String line, String usage, PrintStream err) {
        err.println(line);
        err.println(usage);
        return 2;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /** The version scripts/ringflow passes from the pom (and the commit), else the jar's, else unknown. */
    static String version() {
        String version = System.getProperty("ringflow.version");
        if (version == null || version.isBlank()) {
            version = Main.class.getPackage().getImplementationVersion();
        }
        return version == null ? "(unknown version: run through scripts/ringflow)" : version;
    }
}
