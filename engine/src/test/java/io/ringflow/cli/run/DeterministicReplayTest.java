package io.ringflow.cli.run;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.cli.run.WindowedLogJob.Bar;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.CommittedLogQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same event-time job over the same log gives the same committed output: at parallelism 1
 * and 3 (the same records, compared as a multiset), and with failures and restores along the way
 * (the same records in the same order in every queue, compared with a failure-free run at the same
 * parallelism). The outputs are also checked against a computation of the bars in plain Java.
 */
class DeterministicReplayTest {
    static final long TRADES = 12_000;

    @TempDir
    Path dir;

    @Test
    void shouldCommitByteIdenticalOutputAtAnyParallelismWithAndWithoutFailures() {
        Path input = dir.resolve("input");
        WindowedLogJob.writeInput(input, TRADES);
        assertEquals(3, CommittedLogQueue.queues(input).size(), "the input log has a queue per writing subtask");

        Path straight1 = run("p1", 1, 0);
        Path straight3 = run("p3", 3, 0);
        Path failing3 = run("p3-failures", 3, 2);
        Path failing1 = run("p1-failures", 1, 2);

        assertEquals(expectedBars(), sorted(ChronicleLogReader.readCommitted(straight1, WindowedLogJob.BARS)),
            "the bars of a straight run at parallelism 1 are the ones computed in plain Java");
        assertEquals(3, CommittedLogQueue.queues(straight3).size());
        OutputComparison comparison = new OutputComparison(WindowedLogJob.BARS);
        assertNull(comparison.firstDifference(straight1, straight3), "parallelism 1 and 3: the same records");
        assertNull(comparison.firstDifference(straight3, failing3),
            "parallelism 3 with restores: the same records per queue in order");
        assertNull(comparison.firstDifference(straight1, failing1), "parallelism 1 with restores: the same records in order");
    }

    /** Runs the job over the input into {@code dir/name}; with failures, asserts they were injected and restored. */
    private Path run(String name, int parallelism, int failures) {
        Path output = dir.resolve(name);
        WindowedLogJob.injectFailures(failures, 1000);
        StreamEnvironment env = WindowedLogJob.environment(dir.resolve("checkpoints-" + name), parallelism);
        WindowedLogJob.build(env, dir.resolve("input"), output);
        JobClient job = env.executeAsync("replay-" + name);
        job.await(Duration.ofSeconds(60));
        assertEquals(failures, job.restarts(), name + ": one restart per injected failure");
        assertEquals(0, WindowedLogJob.FAILURES_LEFT.get(), name + ": every failure was injected");
        if (failures > 0) {
            assertTrue(WindowedLogJob.PROCESSED.get() > TRADES, name + ": records were processed again after restores");
        }
        return output;
    }

    /** The bars computed without the engine: per key, running totals in time order, in 200 ms windows. */
    static List<Bar> expectedBars() {
        Map<Long, TreeMap<Long, Long>> qtyByKeyAndTime = new TreeMap<>();
        LongStream.range(0, TRADES).mapToObj(WindowedLogJob::trade).forEach(t ->
            qtyByKeyAndTime.computeIfAbsent(t.key(), k -> new TreeMap<>()).merge(t.time(), t.qty(), Long::sum));
        List<Bar> bars = new ArrayList<>();
        qtyByKeyAndTime.forEach((key, qtyByTime) -> {
            long total = 0;
            TreeMap<Long, long[]> windows = new TreeMap<>();
            for (Map.Entry<Long, Long> entry : qtyByTime.entrySet()) {
                total += entry.getValue();
                long end = Math.floorDiv(entry.getKey(), WindowedLogJob.WINDOW_MS) * WindowedLogJob.WINDOW_MS
                    + WindowedLogJob.WINDOW_MS;
                long[] window = windows.computeIfAbsent(end, e -> new long[3]);
                window[0]++;
                window[1] = Math.max(window[1], total);
                window[2] += total;
            }
            windows.forEach((end, w) -> bars.add(new Bar(key, end, w[0], w[1], w[2])));
        });
        return sorted(bars);
    }

    static List<Bar> sorted(List<Bar> bars) {
        List<Bar> copy = new ArrayList<>(bars);
        copy.sort(Comparator.comparingLong(Bar::key).thenComparingLong(Bar::windowEnd));
        return copy;
    }

}
