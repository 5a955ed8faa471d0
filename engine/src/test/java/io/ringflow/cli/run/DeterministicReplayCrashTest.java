package io.ringflow.cli.run;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.cli.run.WindowedLogJob.Bar;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.CommittedLogQueue;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.ringflow.cli.run.DeterministicReplayTest.TRADES;
import static io.ringflow.cli.run.DeterministicReplayTest.expectedBars;
import static io.ringflow.cli.run.DeterministicReplayTest.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic replay through a process crash: {@link WindowedLogJob} at parallelism 4 runs under
 * {@code ringflow run} in a child JVM, is killed with SIGKILL at a random point after a checkpoint
 * completed and bars were committed, and a second child finishes it with {@code --restore latest}.
 * Its committed output is the output of a straight run at parallelism 4 (the same records per
 * queue, in order) and at parallelism 1 (the same records), as {@link OutputComparison} defines
 * it, and holds the bars computed in plain Java. Set {@code -Dseed=...} to repeat a kill point.
 */
class DeterministicReplayCrashTest {
    private static final int PARALLELISM = 4;
    private static final String PAUSE_MICROS = "500"; // per record in the killed run: about 2 s of input at p4
    private static final int MAX_KILL_DELAY_MS = 800;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldCommitTheOutputOfAStraightRunAfterASigkillAndARestoreAtParallelism4() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("DeterministicReplayCrashTest seed: " + seed + " (repeat with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        Path input = dir.resolve("input");
        WindowedLogJob.writeInput(input, TRADES);
        WindowedLogJob.injectFailures(0, 0);

        String name = "replay-crash-" + UUID.randomUUID().toString().substring(0, 8); // its control socket is per name
        Path crashed = dir.resolve("p4-crash");
        Path checkpoints = dir.resolve("checkpoints-crash");
        List<String> args = List.of(name, input.toString(), crashed.toString(), checkpoints.toString(),
            String.valueOf(PARALLELISM));
        long killedAfter;
        int committedAtKill;
        try (KilledRuns runs = new KilledRuns(name, checkpoints, dir, List.of("--job", WindowedLogJob.class.getName()))) {
            runs.start(concat(args, PAUSE_MICROS));
            runs.await("a completed checkpoint and committed bars",
                () -> runs.latestCheckpoint() > 0 && !committed(crashed).isEmpty(), TIMEOUT);
            Thread.sleep(random.nextInt(MAX_KILL_DELAY_MS)); // a random point of the run, not a checked duration
            killedAfter = runs.latestCheckpoint();
            committedAtKill = committed(crashed).size();
            assertTrue(runs.isAlive(), "the run ended before it could be killed (seed " + seed + "):\n" + runs.output());
            assertTrue(runs.kill(), "the run ended by itself before it could be killed (seed " + seed + "):\n" + runs.output());
            assertTrue(committedAtKill < expectedBars().size(), "killed mid-input (seed " + seed + ")");

            runs.start(args);
            assertEquals(0, runs.awaitExit(TIMEOUT), runs.output());
            assertTrue(runs.output().contains("restore: job '" + name + "' from checkpoint "), runs.output());
        }
        System.out.println("DeterministicReplayCrashTest: killed after checkpoint " + killedAfter + " with "
            + committedAtKill + " bars committed; " + ChronicleLogReader.readAll(crashed, WindowedLogJob.BARS).size()
            + " bars written, " + committed(crashed).size() + " committed");

        Path straight4 = straightRun("p4", PARALLELISM);
        Path straight1 = straightRun("p1", 1);

        assertEquals(PARALLELISM, CommittedLogQueue.queues(crashed).size(), "a queue per sink subtask");
        OutputComparison comparison = new OutputComparison(WindowedLogJob.BARS);
        assertNull(comparison.firstDifference(straight4, crashed),
            "parallelism 4, straight and killed and restored: the same records per queue in order (seed " + seed + ")");
        assertNull(comparison.firstDifference(straight1, crashed),
            "parallelism 1 straight and 4 killed and restored: the same records (seed " + seed + ")");
        assertEquals(expectedBars(), sorted(committed(crashed)),
            "the killed and restored run committed the bars computed in plain Java (seed " + seed + ")");
    }

    /** Runs the job in this JVM without failures into {@code dir/name}. */
    private Path straightRun(String name, int parallelism) {
        Path output = dir.resolve(name);
        StreamEnvironment env = WindowedLogJob.environment(dir.resolve("checkpoints-" + name), parallelism);
        WindowedLogJob.build(env, dir.resolve("input"), output);
        JobClient job = env.executeAsync("replay-straight-" + name);
        try {
            job.await(TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(0, job.restarts(), name);
        assertTrue(Files.isDirectory(output), name);
        return output;
    }

    private static List<Bar> committed(Path output) {
        return Files.isDirectory(output) ? ChronicleLogReader.readCommitted(output, WindowedLogJob.BARS) : List.of();
    }

    private static List<String> concat(List<String> list, String last) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(last)).toList();
    }
}
