package io.ringflow.stress;

import io.ringflow.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A crash of the whole process: a child JVM runs the scenario's job (without injected failures)
 * and is killed with SIGKILL at a random time after its first checkpoint completed; then this
 * JVM restores the job from {@code latest} (same name, checkpoints and sink log) and runs it to
 * the end, injecting the scenario's failures. The output of both runs together is checked.
 */
final class SigkillRun {
    /** How long the child may take to complete its first checkpoint (its own watchdog ends it sooner if it hangs). */
    private static final long FIRST_CHECKPOINT_TIMEOUT_MS = 60_000;
    private static final int MAX_KILL_DELAY_MS = 1_000;
    private static final int LOG_TAIL_LINES = 400;

    private SigkillRun() {
    }

    static RunResult execute(Scenario scenario, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path log = dir.resolve("child.log");
        Process child = start(scenario.withFailures(0), dir, log);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_CHECKPOINT_TIMEOUT_MS);
            while (!hasCompleteCheckpoint(dir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (child.isAlive() && hasCompleteCheckpoint(dir)) {
                Thread.sleep(new Random(scenario.seed()).nextInt(MAX_KILL_DELAY_MS));
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup, a transaction left open
            child.waitFor(10, TimeUnit.SECONDS);
        }
        long childMillis = (System.nanoTime() - start) / 1_000_000;
        int exit = child.exitValue();
        if (exit == StressChild.EXIT_HANG) {
            return RunResult.hung(scenario, "the child JVM hung before it was killed:\n" + tail(log), childMillis);
        }
        if (exit == 137 && !hasCompleteCheckpoint(dir)) {
            return RunResult.hung(scenario, "no checkpoint completed in the child JVM within "
                + FIRST_CHECKPOINT_TIMEOUT_MS / 1000 + " s:\n" + tail(log), childMillis);
        }
        if (exit != 137) {
            return RunResult.failed(scenario, "the child JVM was not killed by SIGKILL but ended with exit code "
                + exit + ":\n" + tail(log), childMillis);
        }
        return InProcessRun.execute(scenario, dir, true).asKilled().plusMillis(childMillis);
    }

    /** The end of the child's output, where its result or its hang diagnostics are (before: a line per checkpoint). */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    /** A {@code chk-<n>/_metadata} under the job's checkpoint directory: the coordinator writes it last. */
    private static boolean hasCompleteCheckpoint(Path dir) throws IOException {
        Path checkpoints = StressJob.checkpoints(dir);
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("_metadata")
                && p.getParent().getFileName().toString().startsWith("chk-"));
        } catch (java.io.UncheckedIOException racingRetention) {
            return false; // a checkpoint deleted while walking: look again
        }
    }

    /** A JVM with this one's classpath, module flags and system properties, running {@link StressChild}. */
    private static Process start(Scenario scenario, Path dir, Path log) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(dir.toString());
        args.addAll(scenario.toArgs());
        return ChildJvm.start("512m", StressChild.class.getName(), args, log);
    }
}
