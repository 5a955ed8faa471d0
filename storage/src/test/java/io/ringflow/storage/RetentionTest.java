package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(int numRetained, StorageOptions.CancelRetention onCancel) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("chk"))
            .savepointsDir(root.resolve("sp")).numRetained(numRetained).cancelRetention(onCancel)
            .memoryThreshold(0).warnings(warnings::add).conclude());
    }

    @Test
    void shouldKeepOnlyTheNewestCheckpointsOnceANewerCompletes() {
        FileCheckpointStorage storage = storage(2, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        for (long id = 1; id <= 4; id++) {
            SampleJob.write(storage, "job", id);
        }

        assertEquals(List.of(3L, 4L), storage.completedCheckpointIds("job"), "retired at once: no metadata");
        storage.awaitFileWork();
        assertFalse(Files.exists(root.resolve("chk/job/chk-1")));
        assertFalse(Files.exists(root.resolve("chk/job/chk-2")));
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldLeaveRetentionAfterACommitToItsOwnCallAndApplyWhatACallerSkippedAtTheNextCommitInOrder() {
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);
        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        SampleJob.writeStreams(second);

        CompletedCheckpoint committed = second.commit(SampleJob.OPERATORS);

        assertEquals(List.of(1L, 2L), storage.completedCheckpointIds("job"), "the older one retires only with retention");
        SampleJob.assertContent(storage.open(committed.directory()), 2);
        second.applyRetention();
        assertEquals(List.of(2L), storage.completedCheckpointIds("job"));
        second.applyRetention(); // nothing due any more
        assertEquals(List.of(2L), storage.completedCheckpointIds("job"));

        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        SampleJob.writeStreams(third);
        third.commit(SampleJob.OPERATORS); // its caller never applies retention
        CheckpointWriter fourth = storage.beginCheckpoint("job", 4);
        SampleJob.writeStreams(fourth);
        fourth.commit(SampleJob.OPERATORS); // applies the third's first, then waits for its own

        assertEquals(List.of(3L, 4L), storage.completedCheckpointIds("job"));
        storage.onJobEnded("job"); // a job that ended leaves only what retention keeps
        assertEquals(List.of(4L), storage.completedCheckpointIds("job"));
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 4);
        assertEquals(List.of(), warnings);
    }

    /** Metadata written over a slightly longer retired file fills it (no cut) and reads back whole. */
    @Test
    void shouldPadMetadataWrittenOverALongerRetiredFile() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);
        Path first = root.resolve("chk/job/chk-1");
        SampleJob.write(storage, "job", 2);
        Path retired = first.resolve("_metadata.retired");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.list(first).count() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // offered once its deletion task ends
        Files.write(retired, new byte[300], java.nio.file.StandardOpenOption.APPEND);
        long longer = Files.size(retired);

        CompletedCheckpoint third = SampleJob.write(storage, "job", 3);

        assertFalse(Files.exists(first), "chk-3 was renamed from chk-1");
        assertEquals(longer, Files.size(third.directory().resolve("_metadata")), "filled, not cut");
        SampleJob.assertContent(storage.open(third.directory()), 3);
        storage.onJobEnded("job");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldRenameAnEmptiedRetiredDirectoryIntoTheNextCheckpointAndRemoveTheRestAtTheEnd() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);
        Path first = root.resolve("chk/job/chk-1");
        Object inode = Files.getAttribute(first, "unix:ino");
        assertTrue(Files.list(first).count() > 1, "the checkpoint's files");
        Object metadataInode = Files.getAttribute(first.resolve("_metadata"), "unix:ino");
        SampleJob.write(storage, "job", 2); // retires 1: its files go in the background, its directory stays
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.list(first).count() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("_metadata.retired"), Files.list(first).map(p -> p.getFileName().toString()).toList(),
            "emptied but for the retired metadata file, which is no checkpoint's");
        Thread.sleep(50); // the emptied directory is offered once its deletion task ends
        // longer than the metadata to come: what is left over of it must be cut
        Files.write(first.resolve("_metadata.retired"), new byte[8192], java.nio.file.StandardOpenOption.APPEND);

        CompletedCheckpoint third = SampleJob.write(storage, "job", 3);

        assertFalse(Files.exists(first), "renamed, not left behind");
        assertEquals(inode, Files.getAttribute(third.directory(), "unix:ino"), "chk-3 is chk-1's directory");
        assertEquals(metadataInode, Files.getAttribute(third.directory().resolve("_metadata"), "unix:ino"),
            "chk-3's metadata written into chk-1's file");
        SampleJob.assertContent(storage.open(third.directory()), 3);
        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        storage.onJobEnded("job");
        try (var left = Files.list(root.resolve("chk/job"))) {
            assertEquals(List.of("chk-3"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                "no emptied directory outlives the job");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldRemoveARetiredDirectoryLeftByACrashBeforeItsDeletionAtTheNextRetention() throws Exception {
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);
        // what a crash between retiring chk-1 and removing its files leaves: a directory without metadata
        Files.delete(root.resolve("chk/job/chk-1/_metadata"));
        SampleJob.write(storage, "job", 2);
        storage.awaitFileWork();
        assertFalse(Files.exists(root.resolve("chk/job/chk-1")));
        assertEquals(List.of(2L), storage.completedCheckpointIds("job"));
    }

    @Test
    void shouldNotDeleteACheckpointStillBeingWrittenWhileANewerCompletes() {
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);
        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        SampleJob.writeStreams(third);
        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        SampleJob.writeStreams(second);

        third.complete(SampleJob.OPERATORS);

        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        assertTrue(Files.isDirectory(root.resolve("chk/job/chk-2")), "in-progress checkpoint 2 survives retention");
        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> second.complete(SampleJob.OPERATORS));
        assertTrue(e.getMessage().contains("subsumed"), e.getMessage());
        assertFalse(Files.exists(root.resolve("chk/job/chk-2")), "a subsumed checkpoint is aborted");
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 3);
    }

    @Test
    void shouldRetainAnOlderCheckpointCompletingLateWhenThereIsRoom() {
        FileCheckpointStorage storage = storage(2, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        CheckpointWriter first = storage.beginCheckpoint("job", 1);
        SampleJob.writeStreams(first);
        SampleJob.write(storage, "job", 2);

        first.complete(SampleJob.OPERATORS);

        assertEquals(List.of(1L, 2L), storage.completedCheckpointIds("job"));
        assertEquals(2, storage.latest("job").orElseThrow().checkpointId());
    }

    @Test
    void shouldClearIncompleteLeftoversOlderThanTheRetainedCheckpoints() throws Exception {
        Files.createDirectories(root.resolve("chk/job/chk-1"));
        Files.writeString(root.resolve("chk/job/chk-1/op-sum-0.state"), "partial");
        FileCheckpointStorage storage = storage(1, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);

        SampleJob.write(storage, "job", 2);
        storage.awaitFileWork();

        assertFalse(Files.exists(root.resolve("chk/job/chk-1")));
    }

    @Test
    void shouldDeleteCheckpointsOnCancelOnlyWhenConfigured() {
        FileCheckpointStorage retaining = storage(2, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(retaining, "kept", 1);
        retaining.onJobTerminated("kept", true);
        assertEquals(List.of(1L), retaining.completedCheckpointIds("kept"));

        FileCheckpointStorage deleting = storage(2, StorageOptions.CancelRetention.DELETE_ON_CANCELLATION);
        SampleJob.write(deleting, "gone", 1);
        CheckpointWriter savepoint = deleting.beginSavepoint("gone", 2, null);
        SampleJob.writeStreams(savepoint);
        Path savepointDir = savepoint.complete(SampleJob.OPERATORS).directory();
        deleting.onJobTerminated("gone", true);
        assertEquals(List.of(), deleting.completedCheckpointIds("gone"));
        assertTrue(Files.exists(savepointDir.resolve("_metadata")), "savepoints are never deleted");
    }

    @Test
    void shouldRefuseToOverwriteACompleteCheckpoint() {
        FileCheckpointStorage storage = storage(2, StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION);
        SampleJob.write(storage, "job", 1);

        assertThrows(CheckpointStorageException.class, () -> storage.beginCheckpoint("job", 1));
    }
}
