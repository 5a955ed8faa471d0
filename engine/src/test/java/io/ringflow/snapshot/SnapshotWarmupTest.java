package io.ringflow.snapshot;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.checkpoint.TaskAcknowledgement;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot writer's once-per-process warm-up: passes into scratch files that leave nothing behind. */
class SnapshotWarmupTest {
    private static final int KEY_GROUPS = 128;

    @TempDir
    Path root;

    @BeforeEach
    @AfterEach
    void forgetTheProcesssWarmUp() {
        SnapshotWarmup.resetForTests();
    }

    private FileCheckpointStorage storage() {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root.resolve("checkpoints"))
            .savepointsDir(root.resolve("savepoints")).conclude());
    }

    /** A full snapshot of {@code keys} entries, pinned (copied on write) or, with {@code pinned} false, encoded at once. */
    private static KeyedStateSnapshot snapshot(int keys, boolean pinned) {
        HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(Codecs.LONG, KEY_GROUPS, KeyGroupRange.all(KEY_GROUPS));
        if (pinned) {
            backend.setSyncSnapshotMaxEntries(0);
        }
        ValueState<long[]> countAndSum = backend.getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        for (long key = 0; key < keys; key++) {
            backend.setCurrentKey(key);
            countAndSum.update(new long[] {key, key * 2});
        }
        return backend.snapshot();
    }

    private static byte[] bytesOf(KeyedStateSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snapshot.writeTo((keyGroup, block, offset, length) -> {
            byte[] copy = new byte[length];
            block.getBytes(offset, copy);
            bytes.write(keyGroup);
            bytes.writeBytes(copy);
        });
        return bytes.toByteArray();
    }

    private static List<Path> scratchFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(CheckpointLayout.SCRATCH_PREFIX)).toList();
        }
    }

    @Test
    void shouldWarmOnlyAPinnedFullSnapshotOfEnoughEntriesOncePerProcess() {
        assertEquals(0, SnapshotWarmup.passes(snapshot(500, true)), "below the minimum: written fast even cold");
        assertEquals(0, SnapshotWarmup.passes(snapshot(5_000, false)), "encoded on the task: the writer only copies it");
        assertEquals(47, SnapshotWarmup.passes(snapshot(5_000, true)), "6,000 calls of each per-key-group method");
        assertEquals(20, SnapshotWarmup.passes(snapshot(100_000, true)), "2 M entries in all at most");

        KeyedStateSnapshot first = snapshot(5_000, true);
        assertEquals(47, SnapshotWarmup.claim(first));
        assertEquals(0, SnapshotWarmup.claim(snapshot(5_000, true)), "once per process");
    }

    @Test
    void shouldWriteEachPassIntoAScratchFileDeletedAfterItAndLeaveTheSnapshotAsItWas() throws Exception {
        KeyedStateSnapshot snapshot = snapshot(5_000, true);
        byte[] before = bytesOf(snapshot);
        CheckpointWriter writer = storage().beginCheckpoint("job", 1);
        Path dir = root.resolve("checkpoints/job/chk-1");
        List<Long> passBytes = new ArrayList<>();
        List<Boolean> fileWhileWriting = new ArrayList<>();

        SnapshotWarmup.run(writer, snapshot, 47, (out, keyed) -> {
            long[] written = {0};
            keyed.writeTo((keyGroup, block, offset, length) -> {
                written[0] += length;
                out.writeKeyGroup(keyGroup, block, offset, length);
            });
            passBytes.add(written[0]);
            fileWhileWriting.add(Files.exists(dir.resolve(CheckpointLayout.scratchFileName(passBytes.size() - 1))));
        });

        assertEquals(47, passBytes.size());
        long expected = before.length - 128L; // bytesOf adds a byte per key group
        assertTrue(passBytes.stream().allMatch(b -> b == expected), passBytes.toString());
        assertTrue(fileWhileWriting.stream().allMatch(b -> b), "each pass spills into its file, as a state stream does");
        assertEquals(List.of(), scratchFiles(dir));
        assertArrayEquals(before, bytesOf(snapshot), "the pinned snapshot is written unchanged afterwards");
    }

    @Test
    void shouldStopAtAFailingPassLeavingNoScratchFile() throws Exception {
        KeyedStateSnapshot snapshot = snapshot(5_000, true);
        CheckpointWriter writer = storage().beginCheckpoint("job", 2);
        int[] passes = {0};

        SnapshotWarmup.run(writer, snapshot, 47, (out, keyed) -> {
            keyed.writeTo(out::writeKeyGroup);
            if (++passes[0] == 3) {
                throw new IllegalStateException("disk full");
            }
        });

        assertEquals(3, passes[0], "no pass after the one that failed");
        assertEquals(List.of(), scratchFiles(root.resolve("checkpoints/job/chk-2")));
    }

    /** Through the writer: the warm-up runs before the real stream, and the checkpoint holds only that stream. */
    @Test
    void shouldWriteTheRealStreamAfterTheWarmUpAndAcknowledgeIt() throws Exception {
        KeyedStateSnapshot snapshot = snapshot(5_000, true);
        long expected = bytesOf(snapshot).length - 128L;
        CheckpointWriter checkpoint = storage().beginCheckpoint("job", 3);
        LinkedBlockingQueue<TaskAcknowledgement> acknowledgements = new LinkedBlockingQueue<>();
        try (SnapshotWriter writer = new SnapshotWriter("warmup-test", id -> checkpoint, acknowledgements::add)) {
            writer.submit(new TaskSnapshot(3, 0, List.of(new OperatorSnapshot("sum", 0, snapshot, null, null, null)),
                List.of(), 0, 0, 0, false, snapshot::release));
            TaskAcknowledgement ack = acknowledgements.poll(30, TimeUnit.SECONDS);

            assertNotNull(ack);
            assertNull(ack.failure());
            assertTrue(ack.stateBytes() > expected, ack.stateBytes() + " bytes: the blocks and the stream's index");
        }
        Path dir = root.resolve("checkpoints/job/chk-3");
        assertEquals(List.of(), scratchFiles(dir));
        assertTrue(Files.exists(dir.resolve(CheckpointLayout.stateFileName("sum", 0))));
        assertEquals(0, SnapshotWarmup.claim(snapshot(5_000, true)), "the writer claimed the process's warm-up");
    }
}
