package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.storage.metadata.SubtaskMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStorageTest {
    @TempDir
    Path root;

    private FileCheckpointStorage storage(int memoryThreshold) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("checkpoints"))
            .savepointsDir(root.resolve("savepoints")).memoryThreshold(memoryThreshold).conclude());
    }

    @Test
    void shouldWriteFlinkLayoutWithMetadataLast() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage(1024), "orders", 7);

        Path dir = root.resolve("checkpoints/orders/chk-7");
        assertEquals(dir, checkpoint.directory());
        assertTrue(Files.isRegularFile(dir.resolve("_metadata")));
        assertFalse(Files.exists(dir.resolve("_metadata.inprogress")));
        assertTrue(Files.isRegularFile(dir.resolve("op-sum-0.state")), "large keyed state goes to a file");
        for (StreamHandle stream : checkpoint.metadata().streams().toList()) {
            if (!stream.isInline()) {
                assertTrue(Files.exists(dir.resolve(stream.fileName())), stream.fileName());
            }
        }
    }

    @Test
    void shouldRefuseToCompleteWithAnOutputNotFinishedNamingItAndLeaveNoCheckpoint() {
        FileCheckpointStorage storage = storage(1024);
        CheckpointWriter writer = storage.beginCheckpoint("orders", 4);
        SampleJob.writeStreams(writer);
        writer.openInFlight(new ChannelDescriptor("src", 1, "sum", 0, 2)).append(new org.agrona.concurrent.UnsafeBuffer(
            new byte[12]), 0, 12);

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> writer.complete(SampleJob.OPERATORS));

        Path dir = root.resolve("checkpoints/orders/chk-4");
        assertEquals(dir + ": cannot complete, outputs not finished: " + dir + " in-flight records of src#1 -> sum#0 (input 2)",
            e.getMessage());
        assertFalse(Files.exists(dir.resolve("_metadata")));
        assertEquals(List.of(), storage.completedCheckpointIds("orders"));
    }

    @Test
    void shouldReadBackEveryStreamWritten() {
        FileCheckpointStorage storage = storage(1024);
        SampleJob.write(storage, "orders", 3);

        SampleJob.assertContent(storage.open(root.resolve("checkpoints/orders/chk-3")), 3);
        SampleJob.assertContent(storage.open(root.resolve("checkpoints/orders/chk-3/_metadata")), 3);
        SampleJob.assertContent(storage.latest("orders").orElseThrow(), 3);
    }

    @Test
    void shouldInlineStreamsBelowTheMemoryThresholdAndFileTheRest() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage(1024), "orders", 1);

        for (StreamHandle stream : checkpoint.metadata().streams().toList()) {
            assertEquals(stream.length() < 1024, stream.isInline(), stream.toString());
        }
        CompletedCheckpoint allFiles = SampleJob.write(storage(0), "other", 1);
        assertTrue(allFiles.metadata().streams().noneMatch(StreamHandle::isInline));
        SampleJob.assertContent(allFiles, 1);
    }

    @Test
    void shouldReadOnlyTheKeyGroupsOfARangeWhenRescaling() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage(1024), "orders", 5);

        // restored at parallelism 3, subtask 1 owns a range that straddles both old subtasks
        KeyGroupRange range = KeyGroupRange.forSubtask(SampleJob.MAX_PARALLELISM, 3, 1);
        List<Integer> seen = new ArrayList<>();
        checkpoint.readKeyedState(SampleJob.SUM, range, (kg, buffer, offset, length) -> {
            seen.add(kg);
            assertArrayEquals(SampleJob.keyGroupBytes(5, kg), SampleJob.copy(buffer, offset, length));
        });
        List<Integer> expected = new ArrayList<>();
        for (int kg = range.start(); kg <= range.end(); kg++) {
            expected.add(kg);
        }
        assertEquals(expected, seen);
    }

    @Test
    void shouldKeepMetadataOfOperatorsSubtasksAndPositions() {
        CompletedCheckpoint checkpoint = SampleJob.write(storage(1024), "orders", 2);

        assertEquals(List.of(SampleJob.SOURCE, SampleJob.SUM),
            checkpoint.metadata().operators().stream().map(o -> o.uid()).toList());
        SubtaskMetadata sum1 = checkpoint.metadata().operator(SampleJob.SUM).subtask(1);
        assertEquals(KeyGroupRange.forSubtask(SampleJob.MAX_PARALLELISM, SampleJob.PARALLELISM, 1), sum1.keyGroups());
        assertNull(sum1.sourcePosition());
        assertArrayEquals(SampleJob.position(2, 1), checkpoint.sourcePosition(SampleJob.SOURCE, 1));
        assertEquals(SampleJob.PARALLELISM * SampleJob.PARALLELISM, checkpoint.metadata().channels().size());
        ChannelDescriptor withoutRecords = new ChannelDescriptor(SampleJob.SUM, 0, "sink", 0, 0);
        assertEquals(0, checkpoint.readInFlight(withoutRecords, (b, o, l) -> { }));
    }

    @Test
    void shouldWriteSavepointsIntoTheirOwnDirectory() {
        FileCheckpointStorage storage = storage(1024);
        CheckpointWriter writer = storage.beginSavepoint("orders", 9, null);
        SampleJob.writeStreams(writer);
        CompletedCheckpoint savepoint = writer.complete(SampleJob.OPERATORS);

        assertEquals(root.resolve("savepoints"), savepoint.directory().getParent());
        assertTrue(savepoint.directory().getFileName().toString().startsWith("savepoint-orders-"));
        SampleJob.assertContent(storage.open(savepoint.directory()), 9);

        Path explicit = root.resolve("mine");
        CheckpointWriter second = storage.beginSavepoint("orders", 10, explicit);
        SampleJob.writeStreams(second);
        second.complete(SampleJob.OPERATORS);
        SampleJob.assertContent(storage.open(explicit), 10);
        assertThrows(CheckpointStorageException.class, () -> storage.beginSavepoint("orders", 11, explicit));
    }

    @Test
    void shouldRelocateASavepointWithItsDirectory() throws Exception {
        FileCheckpointStorage storage = storage(0);
        Path original = root.resolve("sp");
        CheckpointWriter writer = storage.beginSavepoint("orders", 4, original);
        SampleJob.writeStreams(writer);
        writer.complete(SampleJob.OPERATORS);

        Path moved = root.resolve("elsewhere/sp");
        Files.createDirectories(moved.getParent());
        Files.move(original, moved);
        SampleJob.assertContent(storage.open(moved), 4);
    }

    @Test
    void shouldAcceptOutputsFromManyThreadsAtOnce() throws Exception {
        FileCheckpointStorage storage = storage(1024);
        CheckpointWriter writer = storage.beginCheckpoint("orders", 1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < SampleJob.PARALLELISM; s++) {
            int subtask = s;
            Thread t = new Thread(() -> {
                try {
                    var out = writer.openState(SampleJob.SUM, subtask);
                    KeyGroupRange range = KeyGroupRange.forSubtask(SampleJob.MAX_PARALLELISM, SampleJob.PARALLELISM, subtask);
                    for (int kg = range.start(); kg <= range.end(); kg++) {
                        out.writeKeyGroup(kg, SampleJob.keyGroupBytes(1, kg));
                    }
                    out.finish();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), "writer thread did not finish in time");
        }
        assertEquals(List.of(), failures);
        CompletedCheckpoint checkpoint = writer.complete(SampleJob.OPERATORS);
        assertEquals(List.of(), checkpoint.verify());
        List<Integer> seen = new ArrayList<>();
        checkpoint.readKeyedState(SampleJob.SUM, new KeyGroupRange(0, SampleJob.MAX_PARALLELISM - 1),
            (kg, b, o, l) -> seen.add(kg));
        assertEquals(SampleJob.MAX_PARALLELISM, seen.size());
    }

    @Test
    void shouldRefuseToCompleteWithUnfinishedOutputsOrForeignState() {
        FileCheckpointStorage storage = storage(1024);
        CheckpointWriter unfinished = storage.beginCheckpoint("orders", 1);
        unfinished.openState(SampleJob.SUM, 0).writeKeyGroup(0, new byte[] {1});
        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> unfinished.complete(SampleJob.OPERATORS));
        assertTrue(e.getMessage().contains("not finished"), e.getMessage());
        assertFalse(Files.exists(root.resolve("checkpoints/orders/chk-1")), "a failed complete aborts");

        CheckpointWriter outOfRange = storage.beginCheckpoint("orders", 2);
        var out = outOfRange.openState(SampleJob.SUM, 0);
        out.writeKeyGroup(SampleJob.MAX_PARALLELISM - 1, new byte[] {1});
        out.finish();
        e = assertThrows(CheckpointStorageException.class, () -> outOfRange.complete(SampleJob.OPERATORS));
        assertTrue(e.getMessage().contains("outside its range"), e.getMessage());
    }

    @Test
    void shouldReleaseEveryMappingOnceWrittenAndRead() throws Exception {
        FileCheckpointStorage storage = storage(0);
        SampleJob.write(storage, "orders", 1);
        CheckpointWriter aborted = storage.beginCheckpoint("orders", 2);
        SampleJob.writeStreams(aborted);
        aborted.abort();
        SampleJob.assertContent(storage.latest("orders").orElseThrow(), 1);

        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> mapped = mappingsUnder(root);
        while (!mapped.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // Chronicle may release a chunk on its background thread
            mapped = mappingsUnder(root);
        }
        assertEquals(List.of(), mapped);
    }

    private static List<String> mappingsUnder(Path dir) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(line -> line.contains(dir.toString())).toList();
    }

    @Test
    void shouldRefuseToOpenTheSameOutputTwice() {
        CheckpointWriter writer = storage(1024).beginCheckpoint("orders", 1);
        writer.openState(SampleJob.SUM, 0).finish();
        writer.openInFlight(SampleJob.channel(0, 1)).finish();

        assertThrows(IllegalStateException.class, () -> writer.openState(SampleJob.SUM, 0));
        assertThrows(IllegalStateException.class, () -> writer.openInFlight(SampleJob.channel(0, 1)));
    }

    @Test
    void shouldRemoveThePartialDirectoryOnAbort() {
        FileCheckpointStorage storage = storage(0);
        CheckpointWriter writer = storage.beginCheckpoint("orders", 1);
        SampleJob.writeStreams(writer);
        writer.abort();

        assertFalse(Files.exists(root.resolve("checkpoints/orders/chk-1")));
        assertTrue(storage.latest("orders").isEmpty());
        assertThrows(IllegalStateException.class, () -> writer.openState(SampleJob.SUM, 0));
    }
}
