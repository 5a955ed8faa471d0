package io.ringflow.cli.run;

import io.ringflow.cli.Main;
import io.ringflow.restore.Restore;
import io.ringflow.testing.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One job run by {@code ringflow run} in child JVMs, one after another: each run is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) or stopped with SIGTERM, and the next one starts with
 * {@code --restore latest} once a checkpoint of the job completed (without a restore before that:
 * nothing was committed yet). Every run writes its output to a log file of its own. Closing kills
 * a run still alive, so no child JVM outlives its test.
 */
final class KilledRuns implements AutoCloseable {
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private final String jobName;
    private final Path jobCheckpoints;
    private final Path logs;
    private final List<String> runOptions;
    private final List<Path> runLogs = new ArrayList<>();
    private volatile Process process;
    private int kills;
    private boolean closed;

    /**
     * @param jobName    the name the program executes its job under
     * @param checkpoints the job's {@code state.checkpoints.dir}
     * @param logs       where each run's output goes, as {@code <jobName>-run-<n>.log}
     * @param runOptions the options of {@code ringflow run} before {@code --restore}: {@code --job CLASS}, ...
     */
    KilledRuns(String jobName, Path checkpoints, Path logs, List<String> runOptions) {
        this.jobName = jobName;
        this.jobCheckpoints = checkpoints.resolve(Restore.storageJobId(jobName));
        this.logs = logs;
        this.runOptions = List.copyOf(runOptions);
    }

    /** Starts the next run with the program's {@code args}; restoring {@code latest} when a checkpoint completed. */
    synchronized void start(List<String> args) throws IOException {
        if (closed) {
            throw new IllegalStateException(jobName + ": closed, no more runs");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(jobName + ": a run is still alive");
        }
        List<String> command = new ArrayList<>();
        command.add("run");
        command.addAll(runOptions);
        if (latestCheckpoint() > 0) {
            command.add("--restore");
            command.add(Restore.LATEST);
        }
        command.add("--");
        command.addAll(args);
        Path log = logs.resolve(jobName + "-run-" + (runLogs.size() + 1) + ".log");
        runLogs.add(log);
        process = ChildJvm.start("384m", Main.class.getName(), command, log);
    }

    /**
     * Kills the running child with SIGKILL: no shutdown hook, no cleanup, an open transaction left
     * behind. False when the run had already ended by itself with exit 0 (a bounded job done).
     */
    boolean kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(jobName + ": the child JVM did not die within 10 s of SIGKILL");
        }
        if (process.exitValue() == 0) {
            return false;
        }
        if (process.exitValue() != 137) {
            throw new AssertionError(jobName + ": the run ended by itself, exit " + process.exitValue()
                + ", before it could be killed:\n" + output());
        }
        kills++;
        return true;
    }

    /** Sends SIGTERM: {@code ringflow run} stops the job with a final savepoint. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the current run to end; its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(jobName + ": the run did not end within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many runs were killed with SIGKILL. */
    int kills() {
        return kills;
    }

    int runs() {
        return runLogs.size();
    }

    /** Waits until {@code condition} holds; fails when the deadline passes or the run ends first. */
    void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(jobName + ": the run ended (exit " + process.exitValue() + ") before " + what
                    + ":\n" + output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(jobName + ": timed out after " + timeout + " waiting for " + what + ":\n" + output());
            }
            Thread.sleep(10);
        }
    }

    /** The id of the newest complete checkpoint ({@code chk-N/_metadata}, written last) of the job, 0 when none. */
    long latestCheckpoint() {
        if (!Files.isDirectory(jobCheckpoints)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(jobCheckpoints)) {
            long latest = 0;
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Matcher matcher = CHECKPOINT.matcher(entry.getFileName().toString());
                if (matcher.matches() && Files.exists(entry.resolve("_metadata"))) {
                    latest = Math.max(latest, Long.parseLong(matcher.group(1)));
                }
            }
            return latest;
        } catch (NoSuchFileException | UncheckedIOException retention) {
            return latestCheckpoint(); // a checkpoint deleted while listing: look again
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output of the current (last started) run. */
    String output() {
        return runLogs.isEmpty() ? "(no run)" : output(runLogs.size());
    }

    /** The output of run {@code n}, from 1. */
    String output(int n) {
        Path log = runLogs.get(n - 1);
        try {
            return "--- " + log.getFileName() + "\n" + Files.readString(log);
        } catch (IOException e) {
            return "(no output in " + log + ": " + e + ")";
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
