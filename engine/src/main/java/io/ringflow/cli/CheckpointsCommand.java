package io.ringflow.cli;

import io.ringflow.storage.cli.CheckpointsCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ringflow checkpoints}: runs the storage module's command and brings it to this command
 * line's conventions: {@code usage:} and, after a usage mistake, the usage below the error line.
 */
final class CheckpointsCommand implements Command {
    private static final List<String> SUBCOMMANDS = List.of("list", "show", "verify");

    @Override
    public String usage() {
        return help(List.of("--help"));
    }

    @Override
    public boolean asksForHelp(List<String> args) {
        return false; // the storage command prints each subcommand's own help
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean help = args.contains("--help") || args.contains("-h") || (!args.isEmpty() && args.get(0).equals("help"));
        if (help) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int code = CheckpointsCli.run(args.toArray(String[]::new), utf8(text), err);
            out.print(conventional(text));
            return code;
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = CheckpointsCli.run(args.toArray(String[]::new), out, utf8(errors));
        err.print(errors.toString(StandardCharsets.UTF_8));
        if (code == CheckpointsCli.USAGE) {
            boolean known = !args.isEmpty() && SUBCOMMANDS.contains(args.get(0));
            err.println(help(known ? List.of(args.get(0), "--help") : List.of("--help")));
        }
        return code;
    }

    private static String help(List<String> args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CheckpointsCli.run(args.toArray(String[]::new), utf8(text), utf8(new ByteArrayOutputStream()));
        return conventional(text).stripTrailing();
    }

    private static String conventional(ByteArrayOutputStream text) {
        return text.toString(StandardCharsets.UTF_8).replaceAll("(?m)^Usage:", "usage:");
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
