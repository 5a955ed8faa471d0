package io.ringflow.cli.run;

import io.ringflow.connector.ChronicleLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Chaining jobs through exactly-once logs is exactly-once end to end, with both jobs killed by
 * SIGKILL at random points. Job A ({@link ChainedLogJobs.First}: a bounded generator → keyBy → map
 * → exactly-once log A, parallelism 2) and job B ({@link ChainedLogJobs.Second}: a tailing
 * read-committed source of log A → keyBy → map → exactly-once log B, parallelism 2 then 3) run
 * concurrently under {@code ringflow run}, each in child JVMs: every run but the last is killed
 * and the next one restores {@code latest}. Once A finished and B committed every record, B is
 * stopped with SIGTERM (a final savepoint). Read read-committed, log A holds {@code 3n} and log B
 * {@code 3n + 1} for each input {@code n}, each exactly once. The kill points come from a printed
 * seed; set {@code -Dseed=...} to repeat them.
 */
class ChainedLogCrashTest {
    private static final long RECORDS = 30_000;
    private static final String RATE = "6000"; // records per second: about 5 s of input for A
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * Where a run is killed: once a checkpoint of this run completed and the job's output log holds
     * at least {@code committedShare} of the records, after {@code delayMs} more; or, {@code early},
     * {@code delayMs} after the run's job started (restored), whatever it did by then (committing
     * the restored transactions, or running up to its first checkpoint).
     */
    record Kill(boolean early, double committedShare, int delayMs) {
        @Override
        public String toString() {
            return early ? "started+" + delayMs + "ms" : "checkpoint and " + Math.round(committedShare * 100) + "%+" + delayMs + "ms";
        }
    }

    /** Two or three kills; the first always after a completed checkpoint, the others too unless early. */
    static List<Kill> plan(Random random) {
        int kills = 2 + random.nextInt(2);
        double[] shares = random.doubles(kills, 0.05, 0.75).sorted().toArray();
        List<Kill> plan = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            boolean early = i > 0 && random.nextInt(3) == 0;
            plan.add(new Kill(early, shares[i], early ? random.nextInt(250) : random.nextInt(150)));
        }
        return plan;
    }

    @Test
    void shouldCommitEveryRecordOnceThroughTwoChainedJobsKilledAtRandomPoints() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        Random random = new Random(seed);
        List<Kill> killsA = plan(random);
        List<Kill> killsB = plan(random);
        System.out.println("ChainedLogCrashTest seed: " + seed + " (repeat with -Dseed=" + seed + "); kills of A " + killsA
            + ", of B " + killsB);

        String id = UUID.randomUUID().toString().substring(0, 8); // a control socket per job name
        Path logA = dir.resolve("log-a");
        Path logB = dir.resolve("log-b");
        Path checkpoints = dir.resolve("checkpoints");
        List<String> argsA = List.of("chain-a-" + id, String.valueOf(RECORDS), RATE, logA.toString());
        List<String> argsB = List.of("chain-b-" + id, logA.toString(), logB.toString());
        try (KilledRuns a = new KilledRuns(argsA.get(0), checkpoints, dir, List.of("--job", ChainedLogJobs.First.class.getName(),
                 "--config", config("a", 25).toString()));
             KilledRuns b = new KilledRuns(argsB.get(0), checkpoints, dir, List.of("--job", ChainedLogJobs.Second.class.getName(),
                 "--config", config("b", 40).toString()))) {
            ExecutorService controllers = Executors.newFixedThreadPool(2);
            try {
                // B first: its tailing source finds A's queues as A's subtasks create them
                Files.createDirectories(logA);
                b.start(argsB);
                a.start(argsA);
                Future<?> first = controllers.submit(() -> {
                    killAndRestart("A", a, killsA, logA, argsA);
                    assertEquals(0, a.awaitExit(TIMEOUT), a.output());
                    return null;
                });
                Future<?> second = controllers.submit(() -> {
                    killAndRestart("B", b, killsB, logB, argsB);
                    return null;
                });
                first.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                second.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                // A finished and committed everything; B catches up, then stops with a final savepoint
                boolean complete = awaitEveryRecord(b, logB);
                // a run restarted after the last kill may still be starting: SIGTERM stops a running job
                b.await("B's run running", () -> b.output().lines()
                    .anyMatch(line -> line.startsWith("progress: job '" + argsB.get(0) + "' RUNNING")), TIMEOUT);
                b.terminate();
                assertEquals(0, b.awaitExit(TIMEOUT), b.output());
                assertTrue(b.output().contains("savepoint: "), b.output());
                assertExactlyOnce("log A", committed(logA), 0, seed);
                assertExactlyOnce("log B", committed(logB), 1, seed);
                assertTrue(complete, "B committed every record only at its final savepoint, not within " + TIMEOUT
                    + " after A ended (seed " + seed + ")");
            } finally {
                controllers.shutdownNow(); // no controller starts a run after the runs are closed
                controllers.awaitTermination(15, TimeUnit.SECONDS);
            }
            assertTrue(a.kills() >= 1 && a.kills() <= killsA.size(), "A killed as planned, or until it ended: " + a.kills());
            assertEquals(killsB.size(), b.kills(), "B killed as planned");
        }
    }

    /** Kills the job's runs as planned, each followed by a run restored from its latest checkpoint. */
    private static void killAndRestart(String job, KilledRuns runs, List<Kill> plan, Path log, List<String> args)
            throws Exception {
        for (Kill kill : plan) {
            long checkpointAtStart = runs.latestCheckpoint();
            if (kill.early()) {
                runs.await("the job started", () -> runs.output().contains("' running (id "), TIMEOUT);
            } else {
                long share = Math.round(kill.committedShare() * RECORDS);
                runs.await("a checkpoint of this run and " + share + " records in its log",
                    () -> runs.latestCheckpoint() > checkpointAtStart && committed(log).size() >= share, TIMEOUT);
            }
            Thread.sleep(kill.delayMs()); // a random point of the run, not a checked duration
            long checkpoint = runs.latestCheckpoint();
            if (!runs.kill()) {
                // a bounded job (A) may finish before a late kill on a slow machine: nothing left to kill
                System.out.println("ChainedLogCrashTest: job " + job + " run " + runs.runs() + " ended by itself before"
                    + " its kill (" + kill + ")");
                return;
            }
            System.out.println("ChainedLogCrashTest: job " + job + " run " + runs.runs() + " killed (" + kill
                + ") after checkpoint " + checkpoint + ", " + committed(log).size() + " records committed");
            runs.start(args);
        }
    }

    /** Waits until log B holds every value, each at least once; false at the deadline. */
    private static boolean awaitEveryRecord(KilledRuns b, Path logB) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0 && b.isAlive()) {
            if (committed(logB).stream().distinct().count() >= RECORDS) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Each input {@code n} exactly once as {@code 3n + offset}: names the first value missing, duplicated or unexpected. */
    private static void assertExactlyOnce(String log, List<Long> values, long offset, long seed) {
        int[] counts = new int[(int) RECORDS];
        List<Long> unexpected = new ArrayList<>();
        for (long value : values) {
            long n = (value - offset) / 3;
            if ((value - offset) % 3 != 0 || n < 0 || n >= RECORDS) {
                unexpected.add(value);
            } else {
                counts[(int) n]++;
            }
        }
        long missing = 0;
        long duplicated = 0;
        int firstMissing = -1;
        int firstDuplicated = -1;
        for (int n = 0; n < RECORDS; n++) {
            if (counts[n] == 0) {
                missing++;
                firstMissing = firstMissing < 0 ? n : firstMissing;
            } else if (counts[n] > 1) {
                duplicated += counts[n] - 1;
                firstDuplicated = firstDuplicated < 0 ? n : firstDuplicated;
            }
        }
        if (missing > 0 || duplicated > 0 || !unexpected.isEmpty()) {
            fail(log + " is not exactly-once (seed " + seed + "): " + values.size() + " committed records for " + RECORDS
                + " inputs; " + missing + " missing" + (firstMissing < 0 ? "" : ", the first " + (3L * firstMissing + offset)
                + " (input " + firstMissing + ")") + "; " + duplicated + " duplicates"
                + (firstDuplicated < 0 ? "" : ", the first " + (3L * firstDuplicated + offset) + " (input " + firstDuplicated
                + ") committed " + counts[firstDuplicated] + " times") + "; unexpected values " + unexpected.stream().limit(5).toList());
        }
    }

    private static List<Long> committed(Path log) {
        return Files.isDirectory(log) ? ChronicleLogReader.readCommitted(log, ChainedLogJobs.LONGS) : List.of();
    }

    /**
     * The configuration of a job: its checkpoint interval, two retained checkpoints, savepoints for
     * the SIGTERM stop. Page-cache durability: a SIGKILL loses nothing in the page cache, and the
     * test need not wait for the device.
     */
    private Path config(String job, int intervalMs) throws IOException {
        return Files.writeString(dir.resolve("ringflow-" + job + ".yaml"), """
            execution.checkpointing.interval: %d ms
            state.checkpoints.dir: %s
            state.checkpoints.num-retained: 2
            state.savepoints.dir: %s
            state.storage.fs.durability: page-cache
            """.formatted(intervalMs, dir.resolve("checkpoints"), dir.resolve("savepoints")));
    }
}
