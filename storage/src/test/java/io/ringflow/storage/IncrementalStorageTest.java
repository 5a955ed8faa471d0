package io.ringflow.storage;

import static io.ringflow.storage.IncrementalJob.SUM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.storage.metadata.SubtaskMetadata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental checkpoints in the storage: shared state files, base chains, their checks and their
 * cleanup, with a file of its own for every link (what a link gets when its subtask's shared log
 * is busy; {@link SharedLogStorageTest} covers the logs).
 */
class IncrementalStorageTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(int numRetained, StorageOptions.CancelRetention onCancel) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("checkpoints"))
            .savepointsDir(root.resolve("savepoints")).numRetained(numRetained).cancelRetention(onCancel)
            .memoryThreshold(1024).warnings(warnings::add).conclude(), io.ringflow.storage.file.DiskSpace.FILE_STORE, 0);
    }

    private FileCheckpointStorage storage(int numRetained) {
        return storage(numRetained, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
    }

    private Path jobDir() {
        return root.resolve("checkpoints/job");
    }

    private Path sharedDir() {
        return jobDir().resolve("shared");
    }

    private Set<String> sharedListing() throws IOException {
        if (!Files.isDirectory(sharedDir())) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(sharedDir())) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String sharedName(CompletedCheckpoint checkpoint, int subtask) {
        StreamHandle state = checkpoint.metadata().operator(SUM).subtask(subtask).state();
        assertTrue(CheckpointLayout.isShared(state.fileName()), state.fileName());
        return CheckpointLayout.sharedName(state.fileName());
    }

    private static void assertSameHandle(StreamHandle expected, StreamHandle actual) {
        assertEquals(expected.fileName(), actual.fileName());
        assertArrayEquals(expected.inline(), actual.inline());
        assertEquals(expected.length(), actual.length());
        assertEquals(expected.crc32c(), actual.crc32c());
    }

    @Test
    void shouldReadAChainBaseFirstThenItsOwnStream() throws Exception {
        FileCheckpointStorage storage = storage(3);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);

        // shared state leaves the checkpoint's own directory, is never inlined, and is named by the checkpoint's id
        for (int s = 0; s < IncrementalJob.PARALLELISM; s++) {
            for (CompletedCheckpoint c : List.of(first, second)) {
                StreamHandle state = c.metadata().operator(SUM).subtask(s).state();
                assertFalse(state.isInline(), "a shared stream below the memory threshold is still a file");
                String name = sharedName(c, s);
                assertTrue(name.startsWith("op-sum-" + s + "-c" + c.checkpointId() + "-"), name);
                assertEquals(c.checkpointId(), CheckpointLayout.sharedFileCheckpointId(name));
                assertTrue(Files.isRegularFile(sharedDir().resolve(name)), name);
                assertFalse(Files.exists(c.directory().resolve(name)), name);
            }
        }
        assertEquals(Set.of(sharedName(first, 0), sharedName(first, 1), sharedName(second, 0), sharedName(second, 1)),
            second.sharedFiles());
        assertEquals(Set.of(sharedName(first, 0), sharedName(first, 1)), first.sharedFiles());

        // the metadata on disk carries the base: the first checkpoint's stream, as it was written
        assertFalse(Files.readString(first.directory().resolve("_metadata")).contains("base"));
        assertTrue(Files.readString(second.directory().resolve("_metadata")).contains("base"));
        CompletedCheckpoint reopened = storage.open(jobDir().resolve("chk-2"));
        for (int s = 0; s < IncrementalJob.PARALLELISM; s++) {
            SubtaskMetadata onDisk = reopened.metadata().operator(SUM).subtask(s);
            assertEquals(1, onDisk.base().size());
            assertSameHandle(first.metadata().operator(SUM).subtask(s).state(), onDisk.base().get(0));
            assertSameHandle(second.metadata().operator(SUM).subtask(s).state(), onDisk.state());
            assertEquals(2, onDisk.keyedStreams().size());
            assertTrue(first.metadata().operator(SUM).subtask(s).base().isEmpty());
        }
        assertEquals(List.of(), reopened.verify());
        List<String> checked = reopened.verifyStreams().stream().map(CompletedCheckpoint.StreamCheck::what).toList();
        assertEquals(List.of("base state of sum#0", "state of sum#0", "base state of sum#1", "state of sum#1"), checked);

        // each stream in order, for every kind of range
        assertEquals(List.of("1:0", "1:1", "1:2", "1:3", "2:0", "2:2"), IncrementalJob.read(reopened, 0));
        assertEquals(List.of("1:4", "1:5", "1:6", "1:7", "2:4", "2:6"), IncrementalJob.read(reopened, 1));
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2),
            IncrementalJob.read(reopened, IncrementalJob.all()));
        KeyGroupRange straddling = new KeyGroupRange(3, 6);
        assertEquals(List.of("1:3", "1:4", "1:5", "1:6", "2:4", "2:6"), IncrementalJob.read(reopened, straddling));
        assertEquals(IncrementalJob.expected(straddling, 1, 2), IncrementalJob.read(reopened, straddling));
        assertEquals(IncrementalJob.expected(new KeyGroupRange(1, 1), 1, 2),
            IncrementalJob.read(reopened, new KeyGroupRange(1, 1)));
        assertEquals(List.of("1:1"), IncrementalJob.read(reopened, new KeyGroupRange(1, 1)));
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2),
            IncrementalJob.read(storage.latest("job").orElseThrow(), IncrementalJob.all()));
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldApplyALongerChainOldestFirst() {
        FileCheckpointStorage storage = storage(1);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);
        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, second);

        CompletedCheckpoint reopened = storage.open(jobDir().resolve("chk-3"));
        List<StreamHandle> base = reopened.metadata().operator(SUM).subtask(0).base();
        assertEquals(List.of(first.metadata().operator(SUM).subtask(0).state().fileName(),
            second.metadata().operator(SUM).subtask(0).state().fileName()), base.stream().map(StreamHandle::fileName).toList());
        assertEquals(List.of(), reopened.verify());
        assertEquals(List.of("1:0", "1:1", "1:2", "1:3", "2:0", "2:2", "3:1", "3:3"), IncrementalJob.read(reopened, 0));
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 3),
            IncrementalJob.read(reopened, IncrementalJob.all()));
        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        assertEquals(third.sharedFiles(), reopened.sharedFiles());
        assertEquals(6, reopened.sharedFiles().size());
    }

    @Test
    void shouldRefuseToCommitOnADeletedBaseFileNamingIt() throws Exception {
        FileCheckpointStorage storage = storage(2);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        IncrementalJob.writeStreams(second, first);
        Set<String> writtenBySecond = new TreeSet<>(sharedListing());
        writtenBySecond.removeAll(first.sharedFiles());
        assertEquals(2, writtenBySecond.size(), writtenBySecond.toString());
        String gone = sharedName(first, 1);
        Files.delete(sharedDir().resolve(gone));

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> second.complete(IncrementalJob.OPERATORS));

        assertTrue(e.getMessage().contains(gone), e.getMessage());
        assertTrue(e.getMessage().contains("sum#1"), e.getMessage());
        assertFalse(Files.exists(jobDir().resolve("chk-2/_metadata")));
        assertFalse(Files.exists(jobDir().resolve("chk-2")), "a refused checkpoint is aborted");
        assertEquals(Set.of(sharedName(first, 0)), sharedListing(), "the refused checkpoint's own files are removed");
        assertEquals(List.of(1L), storage.completedCheckpointIds("job"));
    }

    @Test
    void shouldRefuseALinkOnAChainThatRetentionAlreadySwept() throws Exception {
        FileCheckpointStorage storage = storage(1);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        IncrementalJob.write(storage, "job", 2, null);
        // a task that missed checkpoints 2 and 3 still builds on 1, whose files the completion of 3 swept
        CheckpointWriter late = storage.beginCheckpoint("job", 4);
        IncrementalJob.writeStreams(late, first);
        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, null);
        assertFalse(Files.exists(sharedDir().resolve(sharedName(first, 0))));

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> late.complete(IncrementalJob.OPERATORS));

        assertTrue(e.getMessage().contains(sharedName(first, 0)), e.getMessage());
        assertFalse(Files.exists(jobDir().resolve("chk-4")));
        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 3),
            IncrementalJob.read(storage.latest("job").orElseThrow(), IncrementalJob.all()));
        assertTrue(sharedListing().containsAll(third.sharedFiles()));
    }

    @Test
    void shouldDeleteOnlyItsOwnSharedFilesOnAbort() throws Exception {
        FileCheckpointStorage storage = storage(2);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        StateOutput finished = second.openSharedState(SUM, 0, IncrementalJob.baseOn(first, 0));
        finished.writeKeyGroup(0, IncrementalJob.chunk(2, 0));
        finished.finish();
        StateOutput unfinished = second.openSharedState(SUM, 1, IncrementalJob.baseOn(first, 1));
        unfinished.writeKeyGroup(4, new byte[64 * 1024]); // past the write buffer: its file exists
        Set<String> before = sharedListing();
        assertEquals(4, before.size(), before.toString());
        assertEquals(2, before.stream().filter(n -> CheckpointLayout.sharedFileCheckpointId(n) == 2).count());

        second.abort();

        assertEquals(first.sharedFiles(), sharedListing());
        assertFalse(Files.exists(jobDir().resolve("chk-2")));
        CompletedCheckpoint latest = storage.latest("job").orElseThrow();
        assertEquals(1, latest.checkpointId());
        assertEquals(List.of(), latest.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1), IncrementalJob.read(latest, IncrementalJob.all()));

        // a failed complete aborts the same way
        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        third.openSharedState(SUM, 0, IncrementalJob.baseOn(first, 0)).finish();
        third.openSharedState(SUM, 1, IncrementalJob.baseOn(first, 1)).writeKeyGroup(4, new byte[] {1});
        assertEquals(3, sharedListing().size(), "the unfinished output is still in its write buffer");
        assertThrows(CheckpointStorageException.class, () -> third.complete(IncrementalJob.OPERATORS));
        assertEquals(first.sharedFiles(), sharedListing());
    }

    @Test
    void shouldNameACorruptBaseFileOnVerifyAndRead() throws Exception {
        FileCheckpointStorage storage = storage(2);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        IncrementalJob.write(storage, "job", 2, first);
        String base = sharedName(first, 0);
        CorruptCheckpointTest.flipByte(sharedDir().resolve(base), 100);

        CompletedCheckpoint second = storage.open(jobDir().resolve("chk-2"));
        List<String> problems = second.verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(base) && problems.get(0).contains("checksum mismatch"), problems.get(0));
        CompletedCheckpoint.StreamCheck bad = second.verifyStreams().stream().filter(c -> !c.ok()).findFirst()
            .orElseThrow();
        assertEquals("base state of sum#0", bad.what());

        CompletedCheckpoint fresh = storage.open(jobDir().resolve("chk-2"));
        List<String> delivered = new ArrayList<>();
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> fresh.readKeyedState(SUM, 0, (kg, b, o, l) -> delivered.add("" + kg)));
        assertTrue(e.getMessage().contains(base) && e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals(List.of(), delivered, "nothing of a corrupt chain is delivered before its first stream");
        assertEquals(IncrementalJob.expected(IncrementalJob.range(1), 1, 2), IncrementalJob.read(fresh, 1));

        // the checkpoint built on it is skipped, with a warning naming the file; so is the base's own
        assertTrue(storage.latest("job").isEmpty());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("chk-2") && w.contains(base)), warnings.toString());
    }

    @Test
    void shouldNameATruncatedBaseFileOnVerifyAndRead() throws Exception {
        FileCheckpointStorage storage = storage(2);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        IncrementalJob.write(storage, "job", 2, first);
        String base = sharedName(first, 1);
        try (RandomAccessFile file = new RandomAccessFile(sharedDir().resolve(base).toFile(), "rw")) {
            file.setLength(file.length() - 10);
        }

        List<String> problems = storage.open(jobDir().resolve("chk-2")).verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(base) && problems.get(0).contains("truncated"), problems.get(0));

        CompletedCheckpoint fresh = storage.open(jobDir().resolve("chk-2"));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> IncrementalJob.read(fresh, IncrementalJob.all()));
        assertTrue(e.getMessage().contains(base) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shouldRefuseSharedStateInASavepoint() {
        FileCheckpointStorage storage = storage(1);
        CheckpointWriter savepoint = storage.beginSavepoint("job", 1, null);

        assertThrows(IllegalStateException.class, () -> savepoint.openSharedState(SUM, 0, List.of()));

        assertFalse(Files.exists(root.resolve("savepoints/shared")));
        assertFalse(Files.exists(sharedDir()));
        // the savepoint itself is still usable, with ordinary state
        savepoint.openState(SUM, 0).finish();
        assertEquals(List.of(), savepoint.complete(IncrementalJob.OPERATORS).verify());

        CheckpointStorage heap = new HeapCheckpointStorage(StorageOptions.builder().conclude());
        CheckpointWriter heapSavepoint = heap.beginSavepoint("job", 1, Path.of("sp"));
        assertThrows(IllegalStateException.class, () -> heapSavepoint.openSharedState(SUM, 0, List.of()));
    }

    @Test
    void shouldRefuseToOpenTheSameSharedOutputTwice() {
        CheckpointWriter writer = storage(1).beginCheckpoint("job", 1);
        writer.openSharedState(SUM, 0, List.of()).finish();

        assertThrows(IllegalStateException.class, () -> writer.openSharedState(SUM, 0, List.of()));
        assertThrows(IllegalStateException.class, () -> writer.openState(SUM, 0));
    }

    @Test
    void shouldDeleteSharedStateOnCancelOnlyWhenConfigured() throws Exception {
        FileCheckpointStorage deleting = storage(2, StorageOptions.CancelRetention.DELETE_ON_CANCELLATION);
        CompletedCheckpoint first = IncrementalJob.write(deleting, "job", 1, null);
        IncrementalJob.write(deleting, "job", 2, first);
        assertEquals(4, sharedListing().size());

        deleting.onJobTerminated("job", true);

        assertEquals(List.of(), deleting.completedCheckpointIds("job"));
        assertFalse(Files.exists(sharedDir()));
        try (Stream<Path> left = Files.list(jobDir())) {
            assertEquals(List.of(), left.toList());
        }

        FileCheckpointStorage retaining = new FileCheckpointStorage(StorageOptions.builder()
            .checkpointsDir(root.resolve("kept")).conclude(), io.ringflow.storage.file.DiskSpace.FILE_STORE, 0);
        CompletedCheckpoint kept = IncrementalJob.write(retaining, "job", 1, null);
        retaining.onJobTerminated("job", true);
        assertEquals(List.of(1L), retaining.completedCheckpointIds("job"));
        assertEquals(List.of(), retaining.open(kept.directory()).verify());
    }

    @Test
    void shouldNotDeleteTheSharedFilesOfACheckpointInProgressOnCancel() throws Exception {
        FileCheckpointStorage storage = storage(2, StorageOptions.CancelRetention.DELETE_ON_CANCELLATION);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        IncrementalJob.writeStreams(second, null);
        Set<String> ofSecond = new TreeSet<>(sharedListing());
        ofSecond.removeAll(first.sharedFiles());
        assertEquals(2, ofSecond.size());

        storage.onJobTerminated("job", true);

        assertEquals(List.of(), storage.completedCheckpointIds("job"));
        assertTrue(sharedListing().containsAll(ofSecond), sharedListing().toString());
        second.abort();
        assertTrue(sharedListing().stream().noneMatch(ofSecond::contains));
    }

    @Test
    void shouldReadAHeapChainOfInlineStreamsInOrder() {
        CheckpointStorage heap = CheckpointStorage.create(StorageOptions.fromMap(Map.of(
            StorageOptions.CHECKPOINT_STORAGE, "jobmanager", StorageOptions.NUM_RETAINED, "1")));
        CompletedCheckpoint first = IncrementalJob.write(heap, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(heap, "job", 2, first);
        CompletedCheckpoint third = IncrementalJob.write(heap, "job", 3, second);

        assertTrue(heap instanceof HeapCheckpointStorage);
        assertEquals(List.of(3L), heap.completedCheckpointIds("job"), "retention dropped 1 and 2, their bytes live on");
        CompletedCheckpoint latest = heap.latest("job").orElseThrow();
        for (int s = 0; s < IncrementalJob.PARALLELISM; s++) {
            SubtaskMetadata subtask = latest.metadata().operator(SUM).subtask(s);
            assertEquals(2, subtask.base().size());
            assertTrue(subtask.keyedStreams().stream().allMatch(StreamHandle::isInline));
            assertSameHandle(first.metadata().operator(SUM).subtask(s).state(), subtask.base().get(0));
            assertSameHandle(second.metadata().operator(SUM).subtask(s).state(), subtask.base().get(1));
            assertNull(subtask.state().fileName());
        }
        assertEquals(Set.of(), third.sharedFiles());
        assertEquals(List.of(), latest.verify());
        assertEquals(List.of("1:4", "1:5", "1:6", "1:7", "2:4", "2:6", "3:5", "3:7"), IncrementalJob.read(latest, 1));
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 3),
            IncrementalJob.read(latest, IncrementalJob.all()));
        assertEquals(IncrementalJob.expected(new KeyGroupRange(2, 5), 1, 2, 3),
            IncrementalJob.read(heap.open(Path.of("job", "chk-3")), new KeyGroupRange(2, 5)));
    }
}
