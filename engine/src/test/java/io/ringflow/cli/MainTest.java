package io.ringflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void shouldPrintTheUsageToStdoutAndExit0(String help) {
        CliRun run = CliRun.of(help);

        assertEquals(0, run.code(), run.toString());
        assertEquals(Main.USAGE + "\n", run.out());
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "checkpoints", "log", "run", "savepoint"})
    void shouldPrintEachCommandsUsageForHelpAndForCommandHelp(String command) {
        CliRun viaHelp = CliRun.of("help", command);
        CliRun viaOption = CliRun.of(command, "--help");

        assertEquals(0, viaHelp.code(), viaHelp.toString());
        assertEquals(0, viaOption.code(), viaOption.toString());
        assertTrue(viaHelp.out().startsWith("usage: ringflow " + command), viaHelp.out());
        assertEquals(viaHelp.out(), viaOption.out());
        assertEquals("", viaOption.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "verify"})
    void shouldPrintCheckpointSubcommandHelpInTheSameUsageStyle(String subcommand) {
        CliRun run = CliRun.of("checkpoints", subcommand, "--help");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("usage: ringflow checkpoints " + subcommand), run.out());
    }

    @Test
    void shouldPrintTheVersion() {
        CliRun run = CliRun.of("--version");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("ringflow "), run.out());
        assertEquals(1, run.out().lines().count(), run.out());
    }

    @Test
    void shouldReportAMissingCommandWithOneLineAndTheUsageOnStderr() {
        CliRun run = CliRun.of();

        assertEquals(2, run.code(), run.toString());
        assertEquals("ringflow: missing command", run.errLine());
        assertTrue(run.err().endsWith(Main.USAGE + "\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldReportAnUnknownCommandOrHelpTopicAsAUsageMistake() {
        CliRun unknown = CliRun.of("frobnicate");
        CliRun option = CliRun.of("--frobnicate");
        CliRun topic = CliRun.of("help", "frobnicate");

        assertEquals(2, unknown.code(), unknown.toString());
        assertEquals("ringflow: unknown command 'frobnicate'", unknown.errLine());
        assertEquals(2, option.code(), option.toString());
        assertEquals("ringflow: unknown option '--frobnicate'", option.errLine());
        assertEquals(2, topic.code(), topic.toString());
        assertTrue(topic.err().contains("usage: ringflow COMMAND"), topic.err());
    }

    @Test
    void shouldReportADemoUsageMistakeWithTheDemoUsage() {
        CliRun run = CliRun.of("demo", "--rate", "fast");

        assertEquals(2, run.code(), run.toString());
        assertEquals("ringflow demo: --rate needs a number >= 0, got 'fast'", run.errLine());
        assertTrue(run.err().contains("usage: ringflow demo"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldAddTheUsageToACheckpointsUsageMistake() {
        CliRun missing = CliRun.of("checkpoints");
        CliRun extra = CliRun.of("checkpoints", "list", "a", "b");

        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.errLine().startsWith("ringflow checkpoints: missing command"), missing.err());
        assertTrue(missing.err().contains("usage: ringflow checkpoints <command>"), missing.err());
        assertEquals(2, extra.code(), extra.toString());
        assertTrue(extra.err().contains("usage: ringflow checkpoints list DIR"), extra.err());
    }

    @Test
    void shouldFailWith1OnAMissingCheckpointDirectory(@TempDir Path dir) {
        CliRun run = CliRun.of("checkpoints", "list", dir.resolve("nothing").toString());

        assertEquals(1, run.code(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("no such directory"), run.err());
    }

    @Test
    void shouldFailWith1WhenTheDemoCannotRestore(@TempDir Path dir) {
        CliRun run = CliRun.of("demo", "--checkpoint-dir", dir.toString(), "--restore", "latest");

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().startsWith("ringflow demo: "), run.err());
        assertTrue(run.err().contains("no completed checkpoint"), run.err());
    }
}
