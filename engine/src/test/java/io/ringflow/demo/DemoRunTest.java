package io.ringflow.demo;

import io.ringflow.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short runs of the demo as the command line starts it, in this JVM. */
class DemoRunTest {
    private static final Pattern SUMMARY = Pattern.compile("summary: .*, ([\\d,]+) bars, (\\d+) checkpoints, .* job (\\w+)");

    @Test
    void shouldFinishATimedRunWithABarPerSymbolEachSecondAndHeapCheckpoints() {
        CliRun run = CliRun.of("demo", "--duration", "3", "--rate", "20000", "--mode", "at-least-once");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("demo: 3 s of trades at 20,000/s (event time 20,000 trades/s), parallelism 1,"
            + " idle backoff, at-least-once checkpoints every 100 ms on the heap\n"), run.out());
        Matcher summary = SUMMARY.matcher(run.out());
        assertTrue(summary.find(), run.out());
        assertEquals("FINISHED", summary.group(3), run.out());
        assertTrue(Integer.parseInt(summary.group(2)) > 0, "no checkpoint on the heap: " + run.out());
        // 16 symbols: the windows of seconds 0 and 1 fire while it runs, that of second 2 at the end of
        // input (unless the job started a second late); event time at 1,000,000 trades/s would make one window
        int bars = Integer.parseInt(summary.group(1));
        assertTrue(bars == 48 || bars == 32, bars + " bars: " + run.out());
    }

    @Test
    void shouldSayWhichCheckpointItRestoredAndKeepTheEventTimeRate(@TempDir Path dir) throws IOException {
        CliRun first = CliRun.of("demo", "--events", "100000", "--rate", "50000", "--checkpoint-dir", dir.toString(),
            "--interval", "50");
        assertEquals(0, first.code(), first.toString());
        long newest;
        try (Stream<Path> checkpoints = Files.list(dir.resolve(TradesDemo.JOB_NAME))) {
            newest = checkpoints.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("chk-"))
                .mapToLong(name -> Long.parseLong(name.substring(4))).max().orElseThrow();
        }

        CliRun restored = CliRun.of("demo", "--events", "100000", "--checkpoint-dir", dir.toString(), "--restore",
            "latest", "--verify");

        assertEquals(0, restored.code(), restored.toString());
        assertTrue(restored.out().contains("event time advances at 50,000 trades/s, as in the run restored\n"),
            restored.out());
        assertTrue(restored.out().contains("restore: checkpoint " + newest + " from "
            + dir.resolve(TradesDemo.JOB_NAME).resolve("chk-" + newest) + "\n"), restored.out());
        assertTrue(restored.out().contains("exactly-once: OK (32 bars of 100,000 trades"), restored.out());
    }
}
