package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execution.checkpointing.file-merging.enabled} with {@code across-checkpoint-boundary}:
 * full checkpoints' state and in-flight streams in the subtasks' logs in {@code shared/}.
 */
class FileMergingTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(long rollBytes) {
        return storage(rollBytes, StorageOptions.Durability.PAGE_CACHE);
    }

    private FileCheckpointStorage storage(long rollBytes, StorageOptions.Durability durability) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).numRetained(1)
            .memoryThreshold(16).writeBufferSize(256).durability(durability)
            .fileMerging(true).fileMergingAcrossCheckpoints(true).savepointsDir(root.resolve("savepoints")).warnings(warnings::add).conclude(),
            DiskSpace.FILE_STORE, rollBytes);
    }

    private Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void shouldAppendStateAndInFlightStreamsToTheirSubtasksLogsAndReadThemBack() throws Exception {
        FileCheckpointStorage storage = storage(SharedLogs.ROLL_BYTES, StorageOptions.Durability.FLUSH);
        CompletedCheckpoint first = SampleJob.write(storage, "job", 1);
        CompletedCheckpoint second = SampleJob.write(storage, "job", 2);

        assertEquals(Set.of("_metadata"), listing(second.directory()), "no stream file in the checkpoint's directory");
        for (int s = 0; s < SampleJob.PARALLELISM; s++) {
            StreamHandle sumFirst = first.metadata().operator(SampleJob.SUM).subtask(s).state();
            StreamHandle sum = second.metadata().operator(SampleJob.SUM).subtask(s).state();
            assertTrue(sum.fileName().startsWith(CheckpointLayout.SHARED_PREFIX + "op-sum-" + s + "-c1-"), sum.fileName());
            assertEquals(sumFirst.fileName(), sum.fileName(), "the next checkpoint appends to the same log");
            assertTrue(sum.offset() >= sumFirst.offset() + sumFirst.length(), "never over earlier bytes");
        }
        for (ChannelStateMetadata channel : second.metadata().channels()) {
            StreamHandle sumOfReceiver = second.metadata().operator(SampleJob.SUM)
                .subtask(channel.channel().downstreamSubtask()).state();
            assertEquals(sumOfReceiver.fileName(), channel.records().fileName(),
                "in-flight records go to the log of the subtask that receives them");
        }
        Set<String> named = second.sharedFiles();
        assertEquals(SampleJob.PARALLELISM * 2, named.size(), "one log per subtask of each operator: " + named);
        SampleJob.assertContent(storage.open(second.directory()), 2);
        assertEquals(List.of(), storage.open(second.directory()).verify());
        assertEquals(2, storage.latest("job").orElseThrow().checkpointId());

        storage.onJobEnded("job");
        assertFalse(Files.exists(first.directory()), "retention removed the first checkpoint");
        assertEquals(named, listing(root.resolve("job/shared")), "the logs the retained checkpoint names stay");
        SampleJob.assertContent(storage.open(second.directory()), 2);
        assertEquals(CheckpointsCli.OK, cli("verify", root.resolve("job").toString()));
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldDeleteARolledLogOnceNoRetainedCheckpointNamesIt() throws Exception {
        FileCheckpointStorage storage = storage(50_000); // SampleJob writes over 64 KB per sum subtask: a roll each time
        CompletedCheckpoint checkpoint = null;
        List<String> logs = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            checkpoint = SampleJob.write(storage, "job", id);
            logs.add(CheckpointLayout.sharedName(checkpoint.metadata().operator(SampleJob.SUM).subtask(0).state().fileName()));
            assertTrue(listing(root.resolve("job/shared")).containsAll(checkpoint.sharedFiles()));
        }
        assertEquals(5, new TreeSet<>(logs).size(), "a log per checkpoint once past the roll size: " + logs);
        Set<String> left = listing(root.resolve("job/shared"));
        assertFalse(left.contains(logs.get(0)) || left.contains(logs.get(1)) || left.contains(logs.get(2)),
            "logs of retired checkpoints are gone: " + left);
        SampleJob.assertContent(storage.open(checkpoint.directory()), 5);
        storage.onJobEnded("job");
        assertEquals(checkpoint.sharedFiles(), listing(root.resolve("job/shared")));
        assertEquals(List.of(), warnings);
    }

    /**
     * Checkpoint 3 appends to logs opened by checkpoint 1, checkpoint 4 rolls them, and checkpoint
     * 5, which names none of them, completes first: retention must keep them for checkpoint 3.
     */
    @Test
    void shouldKeepALogACheckpointInProgressWroteToAfterItRolled() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .numRetained(2).memoryThreshold(16).writeBufferSize(256).durability(StorageOptions.Durability.PAGE_CACHE)
            .fileMerging(true).fileMergingAcrossCheckpoints(true).warnings(warnings::add).conclude(), DiskSpace.FILE_STORE, 100_000);
        CompletedCheckpoint first = SampleJob.write(storage, "job", 1);
        storage.beginCheckpoint("job", 2).complete(SampleJob.OPERATORS); // no streams: names no log
        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        SampleJob.writeStreams(third);
        CheckpointWriter fourth = storage.beginCheckpoint("job", 4);
        SampleJob.writeStreams(fourth);
        String firstLog = CheckpointLayout.sharedName(first.metadata().operator(SampleJob.SUM).subtask(0).state().fileName());
        storage.beginCheckpoint("job", 5).complete(SampleJob.OPERATORS);

        assertTrue(Files.exists(root.resolve("job/shared").resolve(firstLog)), "kept for checkpoint 3");
        CompletedCheckpoint completedThird = third.complete(SampleJob.OPERATORS);
        assertEquals(firstLog, CheckpointLayout.sharedName(
            completedThird.metadata().operator(SampleJob.SUM).subtask(0).state().fileName()), "appended to the first log");
        SampleJob.assertContent(storage.open(completedThird.directory()), 3);
        fourth.abort();
        storage.onJobEnded("job");
        assertEquals(List.of(), storage.open(completedThird.directory()).verify());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldNameACorruptInFlightRangeAndFallBackToTheCheckpointBefore() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .numRetained(2).memoryThreshold(16).writeBufferSize(256).fileMerging(true).fileMergingAcrossCheckpoints(true).warnings(warnings::add).conclude());
        SampleJob.write(storage, "job", 1);
        CompletedCheckpoint second = SampleJob.write(storage, "job", 2);
        storage.onJobEnded("job");
        ChannelStateMetadata channel = second.metadata().channels().get(0);
        Path log = second.directory().resolve(channel.records().fileName());
        CorruptCheckpointTest.flipByte(log, channel.records().offset() + channel.records().length() / 2);

        List<String> problems = storage.open(second.directory()).verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(CheckpointLayout.sharedName(channel.records().fileName())), problems.get(0));
        assertEquals(1, storage.latest("job").orElseThrow().checkpointId(), "the corrupt checkpoint is skipped");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("skipping corrupt checkpoint")), warnings.toString());
        assertEquals(CheckpointsCli.FAILED, cli("verify", second.directory().toString()));
    }

    @Test
    void shouldKeepSavepointsSelfContained() throws Exception {
        FileCheckpointStorage storage = storage(SharedLogs.ROLL_BYTES);
        CheckpointWriter writer = storage.beginSavepoint("job", 4, null);
        SampleJob.writeStreams(writer);
        CompletedCheckpoint savepoint = writer.complete(SampleJob.OPERATORS);

        assertEquals(Set.of(), savepoint.sharedFiles());
        assertTrue(savepoint.metadata().streams().filter(h -> !h.isInline())
            .allMatch(h -> !h.fileName().contains("/")), "every file in the savepoint's own directory");
        assertFalse(Files.exists(root.resolve("job/shared")));
        SampleJob.assertContent(storage.open(savepoint.directory()), 4);
    }

    @Test
    void shouldParseTheOptionAndNameTheKeyOfABadValue() {
        StorageOptions on = StorageOptions.builder().apply(Map.of(StorageOptions.FILE_MERGING, "true",
            StorageOptions.FILE_MERGING_ACROSS_BOUNDARY, "true")).conclude();
        assertTrue(on.fileMerging());
        assertTrue(on.fileMergingAcrossCheckpoints());
        assertFalse(StorageOptions.builder().conclude().fileMerging(), "off for a storage built in code");
        assertFalse(StorageOptions.builder().conclude().fileMergingAcrossCheckpoints(), "within a checkpoint, as Flink");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StorageOptions.builder().set(StorageOptions.FILE_MERGING, "yes"));
        assertEquals(StorageOptions.FILE_MERGING + " must be true or false, was 'yes'", e.getMessage());
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return CheckpointsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
