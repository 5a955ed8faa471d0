package io.ringflow.cli.run;

import io.ringflow.cli.Command;
import io.ringflow.cli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code ringflow savepoint --job NAME [--dir DIR]}: a savepoint of a job that {@code ringflow run} runs, through its control socket. */
public final class SavepointCommand implements Command {
    public static final String USAGE = """
        usage: ringflow savepoint --job NAME [--dir DIR]
          --job NAME   the name of a job running under `ringflow run` on this machine, as this user
          --dir DIR    the directory to create the savepoint in (default: the job's state.savepoints.dir)
        Prints the savepoint's path once it is complete; the job goes on. Jobs are reached through
        their control sockets in ${java.io.tmpdir}/ringflow-${user.name}/jobs.""";

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        String job = null;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--job" -> job = RunOptions.value(args, ++i, arg);
                case "--dir" -> dir = Path.of(RunOptions.value(args, ++i, arg)).toAbsolutePath();
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option '" + arg + "'"
                    : "unexpected argument '" + arg + "'");
            }
        }
        if (job == null) {
            throw new UsageException("missing --job NAME");
        }
        Path socket = ControlEndpoint.socketOf(job);
        if (!Files.exists(socket)) {
            err.println("ringflow savepoint: no job '" + job + "' is running under ringflow run (no " + socket + ")"
                + running());
            return 1;
        }
        String answer;
        try {
            answer = ControlEndpoint.request(socket, "savepoint" + (dir == null ? "" : " " + dir));
        } catch (IOException e) {
            err.println("ringflow savepoint: job '" + job + "' does not answer on " + socket + " (" + e.getMessage()
                + "): its run has ended");
            return 1;
        }
        if (answer.startsWith("ok ")) {
            out.println(answer.substring(3));
            return 0;
        }
        err.println("ringflow savepoint: job '" + job + "': " + answer.replaceFirst("^error ", ""));
        return 1;
    }

    /** The jobs with a control socket, to name the ones there are. */
    private static String running() {
        try (Stream<Path> sockets = Files.list(ControlEndpoint.directory())) {
            List<String> names = sockets.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sock"))
                .map(n -> n.substring(0, n.length() - ".sock".length())).sorted().toList();
            return names.isEmpty() ? "" : "; running: " + String.join(", ", names);
        } catch (IOException e) {
            return "";
        }
    }
}
