package io.ringflow.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoOptionsTest {
    @Test
    void shouldRunTenSecondsAt200000TradesWithoutCheckpointsByDefault() {
        DemoOptions options = DemoOptions.parse(new String[0]);

        assertEquals(10, options.durationSeconds());
        assertEquals(200_000, options.ratePerSecond());
        assertFalse(options.checkpointing());
        assertFalse(options.bounded());
    }

    @ParameterizedTest
    @CsvSource({"--mode,unaligned", "--mode,at-least-once", "--interval,50"})
    void shouldCheckpointToTheHeapWhenAModeOrIntervalComesWithoutADirectory(String option, String value) {
        DemoOptions options = DemoOptions.parse(new String[] {option, value});

        assertTrue(options.checkpointing(), option + " was ignored");
        assertNull(options.checkpointDir());
        assertNull(options.outputDir());
    }

    @Test
    void shouldTakeTheRestoreOptionsTheEngineSuggests() {
        DemoOptions options = DemoOptions.parse(new String[] {"--checkpoint-dir", "/tmp/x", "--restore", "latest",
            "--allow-non-restored-state", "--allow-duplicate-output"});

        assertTrue(options.allowNonRestoredState());
        assertTrue(options.allowDuplicateOutput());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--allow-non-restored-state|--allow-non-restored-state applies to a restore: give --restore too",
        "--checkpoint-dir /tmp/x --allow-duplicate-output|--allow-duplicate-output applies to a restore: give --restore too",
        "--events 10 --duration 5|--duration is for an unbounded run; with --events N the job ends after N trades",
        "--interval 5|--interval needs a whole number >= 10, got '5'",
        "--mode|--mode needs a value",
        "--mode fast|--mode must be one of aligned, unaligned, at-least-once, got 'fast'",
        "--idle lazy|unknown idle strategy 'lazy'; use one of backoff, busy-spin, yielding, sleeping",
        "--restore latest|--restore needs --checkpoint-dir, where the job's checkpoints are",
        "--verify --events 10|--verify needs a bounded run with an output log: give --events N and --checkpoint-dir DIR",
        "--speed 3|unknown option '--speed'"})
    void shouldRejectWhatItCannotHonour(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DemoOptions.parse(args.split(" ")));

        assertEquals(message, e.getMessage());
    }

    /**
     * The engine's error messages suggest command-line options; each must be one the demo has
     * (the JVM's own flags, which the start-up check names, excepted).
     */
    @Test
    void shouldHaveEveryOptionTheEnginesMessagesSuggest() throws IOException {
        Pattern literal = Pattern.compile("\"[^\"]*\"");
        Pattern option = Pattern.compile("--[a-z][a-z-]*[a-z]");
        Set<String> suggested = new TreeSet<>();
        Path sources = Path.of("src/main/java/io/ringflow");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.startsWith(sources.resolve("cli")) || file.startsWith(sources.resolve("demo"))) {
                    continue;
                }
                Matcher strings = literal.matcher(Files.readString(file));
                while (strings.find()) {
                    option.matcher(strings.group()).results().map(match -> match.group())
                        .filter(name -> !name.startsWith("--add-")) // the JVM's flags (JvmFlags), not the demo's
                        .forEach(suggested::add);
                }
            }
        }

        assertTrue(suggested.contains("--allow-non-restored-state"), "the scan found " + suggested);
        suggested.removeAll(Set.of("--add-opens", "--add-exports"));
        for (String name : suggested) {
            assertTrue(DemoOptions.USAGE.contains(name + " "), name + " is suggested but not a demo option");
        }
    }

    @Test
    void shouldRunTheLatencyFirstConfigurationWithLatency() {
        DemoOptions options = DemoOptions.parse(new String[] {"--latency", "--checkpoint-dir", "/tmp/x"});

        assertEquals(100_000, options.ratePerSecond());
        assertEquals("yielding", options.idleStrategy());
        assertTrue(options.checkpointing());
        assertEquals("unaligned", options.mode());
        assertEquals(100, options.intervalMs());
        assertEquals("page-cache", options.durability());
        assertEquals("flush", DemoOptions.parse(new String[] {"--checkpoint-dir", "/tmp/x"}).durability());
    }

    @Test
    void shouldLetOptionsGivenBesideLatencyWin() {
        DemoOptions options = DemoOptions.parse(new String[] {"--idle", "backoff", "--latency", "--rate", "5000",
            "--mode", "aligned", "--interval", "50"});

        assertEquals("backoff", options.idleStrategy());
        assertEquals(5_000, options.ratePerSecond());
        assertEquals("aligned", options.mode());
        assertEquals(50, options.intervalMs());
    }
}
