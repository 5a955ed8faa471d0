package io.ringflow.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/bench's arguments, checked before it builds or runs anything. */
class BenchScriptTest {
    private static final Path BENCH = Path.of("..", "scripts", "bench").toAbsolutePath().normalize();

    @Test
    void shouldPrintItsUsageForHelp() throws Exception {
        CliRun run = bench("--help");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("usage: scripts/bench [--quick] [--out DIR]\n"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldReportOutWithoutADirectoryAsAUsageMistake() throws Exception {
        CliRun last = bench("--out");
        CliRun beforeOption = bench("--out", "--quick");

        assertEquals(2, last.code(), last.toString());
        assertEquals("bench: --out needs a directory", last.errLine());
        assertTrue(last.err().contains("usage: scripts/bench"), last.err());
        assertEquals(2, beforeOption.code(), beforeOption.toString());
        assertEquals("bench: --out needs a directory", beforeOption.errLine());
    }

    @Test
    void shouldReportAnUnknownArgumentAsAUsageMistake() throws Exception {
        CliRun run = bench("--fast");

        assertEquals(2, run.code(), run.toString());
        assertEquals("bench: unknown argument '--fast'", run.errLine());
        assertEquals("", run.out());
    }

    private static CliRun bench(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", BENCH.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "scripts/bench did not end");
        return new CliRun(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
