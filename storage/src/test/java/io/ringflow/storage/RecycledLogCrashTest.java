package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.layout.CheckpointLayout;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appending incremental links to shared logs that roll and are recycled all the time
 * is killed with SIGKILL at a random point: the newest complete checkpoint reads back its whole
 * chain, {@code verify} passes, the next process deletes the killed one's files made ahead, goes
 * on writing, and leaves nothing behind at the job's end.
 */
class RecycledLogCrashTest {
    @TempDir
    Path root;

    @Test
    void shouldRestoreEveryChainAfterAKillWhileLogsAreRecycled() throws Exception {
        Random random = new Random(20261205);
        int leftBehind = 0;
        for (int round = 0; round < 3; round++) {
            Path dir = Files.createDirectory(root.resolve("round-" + round));
            int completedBeforeKill = 5 + random.nextInt(40);
            long pid = runAndKill(dir, completedBeforeKill, random.nextInt(2_000_000));
            leftBehind += filesMadeAheadBy(pid, dir).size();
            checkAfterKill(dir, pid, completedBeforeKill);
        }
        assertTrue(leftBehind > 0, "the kills left files made ahead to clean up");
    }

    private void checkAfterKill(Path dir, long childPid, int completedBeforeKill) throws Exception {
        List<String> warnings = new ArrayList<>();
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(dir)
            .numRetained(1).memoryThreshold(64).writeBufferSize(256).durability(StorageOptions.Durability.PAGE_CACHE)
            .warnings(warnings::add).conclude(), DiskSpace.FILE_STORE, RecyclingLogWriterProcess.ROLL_BYTES);
        CompletedCheckpoint latest = storage.latest("job").orElseThrow();
        long id = latest.checkpointId();
        assertTrue(id >= completedBeforeKill, "checkpoint " + id + " after " + completedBeforeKill + " completed");
        assertEquals(List.of(), latest.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), chain(id)),
            IncrementalJob.read(latest, IncrementalJob.all()), "checkpoint " + id);
        assertEquals(CheckpointsCli.OK, cli("verify", dir.resolve("job").toString()));

        CompletedCheckpoint previous = null;
        for (long next = id + 1; next <= id + 9; next++) { // a new chain, as after a restore
            previous = IncrementalJob.write(storage, "job", next, next == id + 1 ? null : previous);
            storage.awaitFileWork();
            assertEquals(IncrementalJob.expected(IncrementalJob.all(), LongStream.rangeClosed(id + 1, next).toArray()),
                IncrementalJob.read(previous, IncrementalJob.all()), "checkpoint " + next);
        }
        assertEquals(List.of(), filesMadeAheadBy(childPid, dir), "the killed process's next files are deleted");
        storage.onJobEnded("job");
        assertEquals(previous.sharedFiles(), listing(dir.resolve("job").resolve(CheckpointLayout.SHARED_DIR)),
            "only what the retained checkpoint names stays");
        assertFalse(Files.exists(dir.resolve("job").resolve(CheckpointLayout.SPARES_DIR)));
        assertEquals(List.of(), warnings.stream().filter(w -> !w.contains("incomplete checkpoint left by an earlier run"))
            .toList());
    }

    /** The ids of the chain checkpoint {@code id} reads: from the last full one (every third, from 1). */
    private static long[] chain(long id) {
        return LongStream.rangeClosed(id - (id - 1) % 3, id).toArray();
    }

    private static List<Path> filesMadeAheadBy(long pid, Path dir) throws Exception {
        Path spares = dir.resolve("job").resolve(CheckpointLayout.SPARES_DIR);
        if (!Files.isDirectory(spares)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spares)) {
            return files.filter(f -> f.getFileName().toString().startsWith(pid + "-")).toList();
        }
    }

    private static Set<String> listing(Path shared) throws Exception {
        try (Stream<Path> files = Files.list(shared)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return CheckpointsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** Starts the child, waits for {@code completed} checkpoints, then {@code nanos} more, and kills it with SIGKILL. */
    private static long runAndKill(Path dir, int completed, long nanos) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle") || flag.startsWith("-Djna")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
            RecyclingLogWriterProcess.class.getName(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile()).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (int seen = 0; seen < completed; seen++) {
                String line = lines.readLine();
                if (line == null) {
                    throw new AssertionError("child ended after " + seen + " checkpoints: "
                        + Files.readString(dir.resolve("child.err")));
                }
            }
            LockSupport.parkNanos(nanos);
            process.destroyForcibly(); // SIGKILL
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
        return process.pid();
    }
}
