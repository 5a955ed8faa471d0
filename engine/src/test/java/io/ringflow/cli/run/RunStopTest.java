package io.ringflow.cli.run;

import io.ringflow.api.codec.Codecs;
import io.ringflow.cli.CliRun;
import io.ringflow.cli.Main;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.testing.ChildJvm;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringflow run} in a child JVM: {@code ringflow savepoint --job} reaches it while it runs,
 * SIGTERM stops it with a final savepoint and exit 0, and a second run restored from that
 * savepoint finishes the input: every number is committed exactly once across the two runs.
 */
class RunStopTest {
    private static final int RECORDS = 400_000;

    @Test
    void shouldStopWithASavepointOnSigtermAndContinueFromIt(@TempDir Path dir) throws Exception {
        String name = "stop-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = Files.writeString(dir.resolve("ringflow.yaml"), """
            execution.checkpointing.interval: 50 ms
            state.checkpoints.dir: %s
            state.savepoints.dir: %s
            """.formatted(dir.resolve("checkpoints"), dir.resolve("savepoints")));
        Path output = dir.resolve("output");
        Path log = dir.resolve("first-run.log");
        // 20,000 records/s: 20 s of input, stopped after a few
        Process first = ChildJvm.start("512m", Main.class.getName(), List.of("run", "--job", CountingJob.class.getName(),
            "--config", config.toString(), "--", name, String.valueOf(RECORDS), "20000", output.toString()), log);
        try {
            Eventually.await("a committed record and the control socket", () -> Files.exists(ControlEndpoint.socketOf(name))
                && Files.isDirectory(output) && !committed(output).isEmpty(), () -> read(log));

            // stdout is a file: plain progress lines with the source's rate and the last checkpoint
            Eventually.await("a progress line", () -> read(log).lines().anyMatch(l -> l.startsWith("progress: job '" + name
                + "' RUNNING  numbers") && l.contains(" out ") && l.contains("/s") && l.contains("  checkpoint ")), () -> read(log));

            CliRun savepoint = CliRun.of("savepoint", "--job", name, "--dir", dir.resolve("manual").toString());
            assertEquals(0, savepoint.code(), savepoint.toString());
            Path manual = Path.of(savepoint.out().strip());
            assertEquals(dir.resolve("manual"), manual.getParent());
            assertTrue(Files.isRegularFile(manual.resolve("_metadata")), manual.toString());

            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM\n" + read(log));
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String firstLog = read(log);
        assertEquals(0, first.exitValue(), firstLog);
        String line = firstLog.lines().filter(l -> l.startsWith("savepoint: ")).findFirst()
            .orElseThrow(() -> new AssertionError("no savepoint line\n" + firstLog));
        Path stopSavepoint = Path.of(line.substring("savepoint: ".length()));
        assertEquals(dir.resolve("savepoints"), stopSavepoint.getParent());
        assertTrue(Files.isRegularFile(stopSavepoint.resolve("_metadata")), firstLog);
        assertTrue(Files.notExists(ControlEndpoint.socketOf(name)), "the control socket is removed at exit");
        int stoppedAt = committed(output).size();
        assertTrue(stoppedAt > 0 && stoppedAt < RECORDS, "stopped mid-input: " + stoppedAt);
        assertEquals(LongStream.range(0, stoppedAt).boxed().toList(), committed(output), "a prefix, each once");

        CliRun second = CliRun.of("run", "--job", CountingJob.class.getName(), "--config", config.toString(),
            "--restore", stopSavepoint.toString(), "--", name, String.valueOf(RECORDS), "0", output.toString());

        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("restore: job '" + name + "' from checkpoint "), second.out());
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), committed(output), "every record exactly once");
    }

    @Test
    void shouldSayWhenNoJobOfTheNameRuns() {
        String name = "no-such-job-" + UUID.randomUUID().toString().substring(0, 8);

        CliRun run = CliRun.of("savepoint", "--job", name);

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.errLine().startsWith("ringflow savepoint: no job '" + name + "' is running under ringflow run (no "
            + ControlEndpoint.socketOf(name) + ")"), run.errLine());
    }

    @Test
    void shouldExit2WithoutJobName() {
        CliRun run = CliRun.of("savepoint", "--dir", "/tmp");

        assertEquals(2, run.code(), run.toString());
        assertEquals("ringflow savepoint: missing --job NAME", run.errLine());
    }

    private static List<Long> committed(Path output) {
        return ChronicleLogReader.readCommitted(output, Codecs.forClass(Long.class));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
