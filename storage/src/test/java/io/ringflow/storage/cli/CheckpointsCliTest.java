package io.ringflow.storage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.SampleJob;
import io.ringflow.storage.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointsCliTest {
    @TempDir
    Path root;
    private FileCheckpointStorage storage;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createStorage() {
        storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).memoryThreshold(1024)
            .numRetained(3).conclude());
    }

    private int run(String... args) {
        return CheckpointsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> outLines() {
        return Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A file given for a directory is called a file (before: "no such directory"), and so is a file in place of a job's directory. */
    @Test
    void shouldSayAFileIsAFile() throws Exception {
        Path file = java.nio.file.Files.writeString(root.resolve("not-a-dir"), "x");
        assertEquals(1, run("list", file.toString()));
        assertTrue(errText().contains("a file, not a directory"), errText());
        io.ringflow.storage.CheckpointStorageException locked = org.junit.jupiter.api.Assertions.assertThrows(
            io.ringflow.storage.CheckpointStorageException.class,
            () -> io.ringflow.storage.layout.JobDirectoryLock.acquire(file.resolve("job"), "job"));
        assertTrue(locked.getMessage().contains(file + " is a file, not a directory"), locked.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "verify"})
    void shouldPrintHelpForEachCommand(String command) {
        assertEquals(CheckpointsCli.OK, run(command, "--help"));

        assertTrue(outLines().get(0).startsWith("Usage: ringflow checkpoints " + command), out.toString());
        assertEquals("", errText());
    }

    @Test
    void shouldListOneLinePerCheckpointWithItsStatus() throws Exception {
        CompletedCheckpoint first = SampleJob.write(storage, "job", 1);
        SampleJob.write(storage, "job", 2);
        storage.beginCheckpoint("job", 3);
        Files.delete(root.resolve("job/chk-2/op-sum-0.state"));

        assertEquals(CheckpointsCli.OK, run("list", root.resolve("job").toString()));

        List<String> lines = outLines();
        assertEquals(4, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("chk-1") && lines.get(1).endsWith("COMPLETE"), lines.get(1));
        assertTrue(lines.get(1).contains(java.time.Instant.ofEpochMilli(first.metadata().completedAtMs()).toString()),
            lines.get(1));
        assertTrue(lines.get(1).contains(" " + Sizes.bytes(first.metadata().totalBytes()) + " "),
            "the size show prints (inline streams counted once): " + lines.get(1));
        assertTrue(lines.get(2).startsWith("chk-2") && lines.get(2).contains("CORRUPT: op-sum-0.state is missing"),
            lines.get(2));
        assertTrue(lines.get(3).startsWith("chk-3") && lines.get(3).contains("INCOMPLETE"), lines.get(3));
    }

    /** Retention empties up to 16 old directories and keeps them to be renamed into new ones: not interrupted checkpoints. */
    @Test
    void shouldListAnEmptiedRetiredDirectoryAsRetiredNotIncomplete() throws Exception {
        SampleJob.write(storage, "job", 1);
        SampleJob.write(storage, "job", 2);
        Path retired = root.resolve("job/chk-1");
        try (java.util.stream.Stream<Path> files = Files.list(retired)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.createFile(retired.resolve(io.ringflow.storage.metadata.MetadataDescriptor.RETIRED_NAME));

        assertEquals(CheckpointsCli.OK, run("list", root.resolve("job").toString()));

        List<String> lines = outLines();
        assertTrue(lines.get(1).startsWith("chk-1") && lines.get(1).contains("RETIRED"), lines.get(1));
        assertTrue(lines.get(2).startsWith("chk-2") && lines.get(2).endsWith("COMPLETE"), lines.get(2));
    }

    @Test
    void shouldListTheSavepointTheJobStoppedWithWhenRestoreLatestTakesIt() {
        SampleJob.write(storage, "job", 1);
        storage.recordFinalSavepoint("job", 2, root.resolve("savepoints/stop"));

        assertEquals(CheckpointsCli.OK, run("list", root.resolve("job").toString()));

        List<String> lines = outLines();
        assertEquals(3, lines.size(), out.toString());
        assertEquals("stopped with savepoint " + root.resolve("savepoints/stop").toAbsolutePath()
            + " (checkpoint 2): restore latest takes it", lines.get(2));
    }

    @Test
    void shouldListASingleCheckpointDirectory() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", 8);

        assertEquals(CheckpointsCli.OK, run("list", checkpoint.directory().toString()));

        assertEquals(2, outLines().size(), out.toString());
        assertTrue(outLines().get(1).startsWith("chk-8") && outLines().get(1).endsWith("COMPLETE"), out.toString());
    }

    @Test
    void shouldListEveryJobUnderTheCheckpointsRoot() {
        SampleJob.write(storage, "alpha", 1);
        SampleJob.write(storage, "beta", 4);

        assertEquals(CheckpointsCli.OK, run("list", root.toString()));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("job alpha") && text.contains("job beta") && text.contains("chk-4"), text);
    }

    @Test
    void shouldShowOperatorsSubtasksFilesPositionsAndChannels() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", 6);

        assertEquals(CheckpointsCli.OK, run("show", checkpoint.directory().toString()));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("checkpoint 6 of job job"), text);
        assertTrue(text.contains("sum  parallelism 2, max parallelism 8"), text);
        assertTrue(text.contains("subtask 1  key groups [4..7]  state op-sum-1.state"), text);
        assertTrue(text.contains("source position " + Sizes.hex(SampleJob.position(6, 1))), text);
        assertTrue(text.contains("source#1 -> sum#0 (input 0)  " + SampleJob.records(6, 1, 0).size() + " records"), text);
    }

    @Test
    void shouldVerifyASoundCheckpoint() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", 1);

        assertEquals(CheckpointsCli.OK, run("verify", checkpoint.directory().resolve("_metadata").toString()));

        long streams = checkpoint.metadata().streams().count();
        assertEquals("sound: _metadata and " + streams + " streams verified", outLines().get(outLines().size() - 1));
        assertEquals(streams + 2, outLines().size(), "one line per stream, the metadata and the verdict");
        assertEquals("", errText());
    }

    @Test
    void shouldNameEachBadFileAndExitOne() throws Exception {
        CompletedCheckpoint checkpoint = SampleJob.write(storage, "job", 1);
        Path flipped = checkpoint.directory().resolve("op-sum-0.state");
        Path truncated = checkpoint.directory().resolve("op-sum-1.state");
        try (RandomAccessFile file = new RandomAccessFile(flipped.toFile(), "rw")) {
            file.seek(200);
            int b = file.read();
            file.seek(200);
            file.write(b ^ 1);
        }
        try (RandomAccessFile file = new RandomAccessFile(truncated.toFile(), "rw")) {
            file.setLength(100);
        }

        assertEquals(CheckpointsCli.FAILED, run("verify", checkpoint.directory().toString()));

        List<String> bad = outLines().stream().filter(l -> l.startsWith("BAD")).toList();
        assertEquals(2, bad.size(), out.toString());
        assertTrue(bad.get(0).contains(flipped.toString()) && bad.get(0).contains("checksum"), bad.get(0));
        assertTrue(bad.get(1).contains(truncated.toString()) && bad.get(1).contains("truncated"), bad.get(1));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().contains("2 of "), errText());
    }

    @Test
    void shouldReportErrorsInOneLineOnStderr() throws Exception {
        Path notACheckpoint = Files.createDirectories(root.resolve("photos"));

        assertEquals(CheckpointsCli.FAILED, run("show", notACheckpoint.toString()));
        assertEquals(1, errText().lines().count(), errText());
        assertTrue(errText().startsWith("ringflow checkpoints show: " + notACheckpoint), errText());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectUsageMistakesWithExitTwo() {
        assertEquals(CheckpointsCli.USAGE, run());
        assertEquals(CheckpointsCli.USAGE, run("delete", "x"));
        assertEquals(CheckpointsCli.USAGE, run("verify"));
        assertEquals(CheckpointsCli.USAGE, run("list", "a", "b"));
        assertEquals(4, errText().lines().count(), errText());
        assertEquals(CheckpointsCli.OK, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("verify PATH"));
    }
}
