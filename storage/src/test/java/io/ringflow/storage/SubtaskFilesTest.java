package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.MetadataDescriptor;
import io.ringflow.storage.metadata.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File merging within a checkpoint ({@code file-merging.enabled} without
 * {@code across-checkpoint-boundary}): one file per subtask in the checkpoint's directory holding
 * its state and the in-flight records it receives, as ranges; nothing in {@code shared/}.
 */
class SubtaskFilesTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(int numRetained, StorageOptions.Durability durability) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).numRetained(numRetained)
            .memoryThreshold(16).writeBufferSize(256).durability(durability).spareFiles(2)
            .fileMerging(true).savepointsDir(root.resolve("savepoints")).warnings(warnings::add).conclude(),
            DiskSpace.FILE_STORE, SharedLogs.ROLL_BYTES);
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void shouldPutEachSubtasksStreamsInOneFileOfTheCheckpointAndReadThemBack() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.Durability.FLUSH);
        CompletedCheckpoint first = SampleJob.write(storage, "job", 1);
        CompletedCheckpoint second = SampleJob.write(storage, "job", 2);

        Set<String> expected = new TreeSet<>(Set.of(MetadataDescriptor.NAME));
        for (int s = 0; s < SampleJob.PARALLELISM; s++) {
            StreamHandle sum = second.metadata().operator(SampleJob.SUM).subtask(s).state();
            assertEquals("op-sum-" + s + CheckpointLayout.SUBTASK_FILE_SUFFIX, sum.fileName());
            assertTrue(sum.offset() > 0, "a range, after the file's magic bytes");
            expected.add(sum.fileName());
        }
        for (ChannelStateMetadata channel : second.metadata().channels()) {
            StreamHandle sumOfReceiver = second.metadata().operator(SampleJob.SUM)
                .subtask(channel.channel().downstreamSubtask()).state();
            assertEquals(sumOfReceiver.fileName(), channel.records().fileName(),
                "in-flight records go to the file of the subtask that receives them");
            assertNotEquals(sumOfReceiver.offset(), channel.records().offset());
        }
        expected.add("op-source-0" + CheckpointLayout.SUBTASK_FILE_SUFFIX);
        expected.add("op-source-1" + CheckpointLayout.SUBTASK_FILE_SUFFIX);
        assertEquals(expected, listing(second.directory()), "one file per subtask, nothing else");
        assertEquals(Set.of(), second.sharedFiles());
        assertFalse(Files.exists(root.resolve("job/shared")), "nothing shared between checkpoints");
        SampleJob.assertContent(storage.open(second.directory()), 2);
        assertEquals(List.of(), storage.open(second.directory()).verify());

        storage.onJobEnded("job");
        assertFalse(Files.exists(first.directory()), "retention removed the first checkpoint with its files");
        assertEquals(CheckpointsCli.OK, cli("verify", root.resolve("job").toString()));
        assertEquals(List.of(), warnings);
    }

    /** The snapshot writer finishes a subtask's file before acknowledging: a later stream of it gets a file of its own. */
    @Test
    void shouldGiveAStreamAfterTheFilesWereFinishedAFileOfItsOwn() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.Durability.PAGE_CACHE);
        CheckpointWriter writer = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(writer);
        writer.finishMergedFiles();
        // a second in-flight stream of sum#0 (another input channel), after its file was finished
        InFlightOutput late = writer.openInFlight(new io.ringflow.storage.metadata.ChannelDescriptor(
            SampleJob.SOURCE, 0, SampleJob.SUM, 0, 1));
        byte[] record = "late-record-with-more-bytes-than-the-memory-threshold".getBytes(StandardCharsets.UTF_8);
        late.append(record);
        late.append(record);
        late.finish();
        CompletedCheckpoint checkpoint = writer.complete(SampleJob.OPERATORS);

        // by content, not size: the finished file is cut to its length by a background thread, at any time
        String merged = new String(Files.readAllBytes(root.resolve("job/chk-1/op-sum-0.streams")), StandardCharsets.ISO_8859_1);
        assertFalse(merged.contains(new String(record, StandardCharsets.ISO_8859_1)), "the finished file is not written again");
        ChannelStateMetadata lateChannel = checkpoint.metadata().channels().stream()
            .filter(c -> c.channel().inputIndex() == 1).findFirst().orElseThrow();
        assertTrue(lateChannel.records().fileName().endsWith(".data"), lateChannel.records().fileName());
        assertEquals(0, lateChannel.records().offset());
        assertEquals(2, lateChannel.recordCount());
        SampleJob.assertContent(storage.open(checkpoint.directory()), 1);
        assertEquals(List.of(), storage.open(checkpoint.directory()).verify());
        storage.onJobEnded("job");
    }

    /** State stored under a uid of its own (an operator's timers) goes to its operator's file when asked. */
    @Test
    void shouldMergeStateOfAnotherUidIntoItsOperatorsFile() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.Durability.PAGE_CACHE);
        CheckpointWriter writer = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(writer);
        StateOutput timers = writer.openState("sum/timers", 0, SampleJob.SUM);
        timers.writeKeyGroup(0, new byte[64]);
        timers.finish();
        CompletedCheckpoint checkpoint = writer.complete(List.of(SampleJob.OPERATORS.get(0), SampleJob.OPERATORS.get(1),
            new io.ringflow.storage.metadata.OperatorDescriptor("sum/timers", SampleJob.PARALLELISM, SampleJob.MAX_PARALLELISM)));

        StreamHandle sum = checkpoint.metadata().operator(SampleJob.SUM).subtask(0).state();
        StreamHandle timerState = checkpoint.metadata().operator("sum/timers").subtask(0).state();
        assertEquals(sum.fileName(), timerState.fileName());
        assertTrue(timerState.offset() >= sum.offset() + sum.length(), "after the state, not over it");
        SampleJob.assertContent(storage.open(checkpoint.directory()), 1);
        assertEquals(List.of(), storage.open(checkpoint.directory()).verify());
        storage.onJobEnded("job");
    }

    @Test
    void shouldNameACorruptRangeAndFallBackToTheCheckpointBefore() throws Exception {
        FileCheckpointStorage storage = storage(2, StorageOptions.Durability.PAGE_CACHE);
        SampleJob.write(storage, "job", 1);
        CompletedCheckpoint second = SampleJob.write(storage, "job", 2);
        storage.onJobEnded("job");
        StreamHandle state = second.metadata().operator(SampleJob.SUM).subtask(1).state();
        CorruptCheckpointTest.flipByte(second.directory().resolve(state.fileName()), state.offset() + state.length() / 2);

        List<String> problems = storage.open(second.directory()).verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(state.fileName() + " bytes " + state.offset() + "+"), problems.get(0));
        assertEquals(1, storage.latest("job").orElseThrow().checkpointId(), "the corrupt checkpoint is skipped");
        assertEquals(CheckpointsCli.FAILED, cli("verify", second.directory().toString()));
    }

    @Test
    void shouldLeaveNothingOfAnAbortedCheckpoint() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.Durability.PAGE_CACHE);
        CheckpointWriter writer = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(writer);
        StateOutput open = writer.openState("other", 0);
        open.writeKeyGroup(0, new byte[4096]);
        writer.abort();

        assertFalse(Files.exists(root.resolve("job/chk-1")));
        assertTrue(storage.latest("job").isEmpty());
        CompletedCheckpoint next = SampleJob.write(storage, "job", 2);
        SampleJob.assertContent(storage.open(next.directory()), 2);
        storage.onJobEnded("job");
    }

    @Test
    void shouldKeepSavepointsAFilePerStream() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.Durability.PAGE_CACHE);
        CheckpointWriter writer = storage.beginSavepoint("job", 4, null);
        SampleJob.writeStreams(writer);
        CompletedCheckpoint savepoint = writer.complete(SampleJob.OPERATORS);

        assertTrue(savepoint.metadata().streams().filter(h -> !h.isInline())
            .allMatch(h -> h.offset() == 0 && !h.fileName().endsWith(CheckpointLayout.SUBTASK_FILE_SUFFIX)));
        SampleJob.assertContent(storage.open(savepoint.directory()), 4);
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return CheckpointsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
