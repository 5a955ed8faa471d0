package io.ringflow.cli.run;

import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.cli.Command;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ringflow run --job CLASS}: runs a program whose {@code main(String[])} builds a job and
 * executes it, as {@code flink run} does. The program picks up {@code --config} and
 * {@code --restore} through {@link RunContext}; SIGTERM or Ctrl-C stops its jobs with a final
 * savepoint and exits 0. The run ends when the program returned and its jobs ended.
 */
public final class RunCommand implements Command {
    public static final String USAGE = """
        usage: ringflow run --job CLASS [OPTIONS] [-- ARGS...]
          --job CLASS                 the class whose main(String[]) builds the job and calls execute() or executeAsync()
          --classpath CP              jars and directories, separated by ':', to find CLASS and its classes in
          --config FILE               configuration the program's environments start from (flink-conf.yaml,
                                      config.yaml or key=value lines); the program's own settings override it
          --restore latest|PATH       start every job from its newest checkpoint or from a checkpoint or savepoint
          --allow-non-restored-state  with --restore: drop the state of operators the job no longer has
          -- ARGS...                  the program's arguments
        SIGTERM or Ctrl-C stops each job with a final savepoint under state.savepoints.dir, prints its path
        and exits 0 (without checkpointing or a savepoint directory the job is cancelled); a second signal
        cancels at once. While a job runs, `ringflow savepoint --job NAME` takes a savepoint of it.
        Exit codes: 0 the jobs finished or stopped, 1 the program or a job failed, 2 a usage mistake.""";

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
        RunOptions options = RunOptions.parse(args);
        return execute(options, new RunContext(options, out, err), out, err);
    }

    /**
     * Runs the program of {@code options} in {@code context} until it returned and its jobs ended,
     * or a stop signal ended them; also what {@code ringflow replay} runs a job with.
     *
     * @return the exit code: 0 the jobs finished or stopped, 1 the program or a job failed
     */
    static int execute(RunOptions options, RunContext context, PrintStream out, PrintStream err) {
        if (options.config() != null) {
            StreamEnvironment.create().configure(options.config()); // a bad file fails here, before the program runs
        }
        UserProgram program = UserProgram.load(options.jobClass(), options.classpath());
        StreamEnvironment.setExecutionContext(context);
        CompletableFuture<Void> programEnded = new CompletableFuture<>();
        try (StopSignals signals = new StopSignals(context::stop);
             RunProgress progress = new RunProgress(context::jobs, out, System.console() != null)) {
            Thread main = new Thread(() -> {
                try {
                    program.run(options.programArgs());
                    programEnded.complete(null);
                } catch (Throwable t) {
                    programEnded.completeExceptionally(t);
                }
            }, "main (" + options.jobClass() + ")");
            main.start();
            CompletableFuture.anyOf(programEnded, context.stopped()).handle((r, e) -> null).join();
            if (!context.stopping() && !programEnded.isCompletedExceptionally()) {
                // the program returned: its jobs (executeAsync) go on until they end or a signal stops them
                CompletableFuture.anyOf(context.allEnded(), context.stopped()).join();
            }
            if (context.stopping()) {
                return context.stopped().join();
            }
            if (programEnded.isCompletedExceptionally()) {
                return programFailed(programEnded, options.jobClass(), context, err);
            }
            return jobsFailed(context, err) ? 1 : 0;
        } finally {
            StreamEnvironment.setExecutionContext(null);
            context.closeEndpoints();
        }
    }

    private static int programFailed(CompletableFuture<Void> programEnded, String jobClass, RunContext context,
                                     PrintStream err) {
        Throwable failure = programEnded.handle((r, e) -> e).join();
        if (failure instanceof JobExecutionException failed) {
            err.println("ringflow run: " + oneLine(failed.getMessage()));
        } else {
            err.println("ringflow run: " + jobClass + ".main threw " + oneLine(failure));
        }
        for (RunContext.RunningJob job : context.jobs()) {
            if (job.client().status() == JobStatus.RUNNING || job.client().status() == JobStatus.RESTARTING) {
                err.println("ringflow run: cancelling job '" + job.client().jobName() + "'");
                job.client().cancel().join();
            }
        }
        return 1;
    }

    private static boolean jobsFailed(RunContext context, PrintStream err) {
        boolean failed = false;
        for (RunContext.RunningJob job : context.jobs()) {
            if (job.client().status() == JobStatus.FAILED) {
                failed = true;
                err.println("ringflow run: job '" + job.client().jobName() + "' failed: "
                    + job.client().failureCause().map(RunCommand::oneLine).orElse("unknown cause"));
            }
        }
        return failed;
    }

    static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
