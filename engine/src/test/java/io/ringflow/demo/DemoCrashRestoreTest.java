package io.ringflow.demo;

import io.ringflow.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as users run it: a child JVM is killed with SIGKILL once checkpoints exist, then a
 * second child restores the latest checkpoint, finishes the bounded input and verifies that
 * every output bar was committed exactly once with the right sums.
 */
class DemoCrashRestoreTest {
    private static final String EVENTS = "4000000";

    @ParameterizedTest
    @ValueSource(strings = {"aligned", "unaligned"})
    void shouldCommitEveryBarExactlyOnceAfterAKill9AndARestore(String mode, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("first-run.log");
        Process first = demo(log, "--events", EVENTS, "--rate", "800000", "--checkpoint-dir", dir.toString(),
            "--mode", mode, "--interval", "50");
        Path jobDir = dir.resolve(TradesDemo.JOB_NAME);
        long deadline = System.currentTimeMillis() + 30_000;
        while (completedCheckpoints(jobDir) < 2 && first.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first run ended before it could be killed: " + Files.readString(log));
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "killed by SIGKILL");

        Path restoreLog = dir.resolve("restore.log");
        Process second = demo(restoreLog, "--events", EVENTS, "--checkpoint-dir", dir.toString(), "--mode", mode,
            "--restore", "latest", "--verify");
        assertTrue(second.waitFor(90, TimeUnit.SECONDS), "the restored run did not finish");
        String output = Files.readString(restoreLog);
        assertEquals(0, second.exitValue(), output);
        assertTrue(output.contains("exactly-once: OK"), output);
    }

    private static long completedCheckpoints(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return 0;
        }
        try (Stream<Path> checkpoints = Files.list(jobDir)) {
            return checkpoints.filter(chk -> Files.exists(chk.resolve("_metadata"))).count();
        }
    }

    private static Process demo(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("demo");
        command.addAll(List.of(args));
        return ChildJvm.start("512m", "io.ringflow.cli.Main", command, log);
    }
}
