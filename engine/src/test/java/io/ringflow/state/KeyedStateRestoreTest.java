package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restore by key group, at the same or another parallelism. */
class KeyedStateRestoreTest {
    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 5000;

    @Test
    void shouldRescaleFromOneToTwo() {
        rescale(1, 2);
    }

    @Test
    void shouldRescaleFromFourToThree() {
        rescale(4, 3);
    }

    @Test
    void shouldRoundtripEveryStateKindIncludingLargeValues() {
        HeapKeyedStateBackend<Long> backend = newBackend(KeyGroupRange.all(MAX_PARALLELISM));
        var reducing = backend.getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, LONG));
        var map = backend.getMapState(new MapStateDescriptor<>("map", STRING, LONG_ARRAY));
        var big = backend.getState(new ValueStateDescriptor<>("big", LONG_ARRAY));
        for (long key = 0; key < 50; key++) {
            backend.setCurrentKey(key);
            reducing.add(key);
            reducing.add(1L);
            map.put("a", new long[] {key});
            map.put("b", new long[] {-key, key});
            big.update(new long[(int) key * 100 + 1]);
        }
        HeapKeyedStateBackend<Long> restored = snapshotOf(backend).restoreInto(newBackend(KeyGroupRange.all(MAX_PARALLELISM)));
        var reducing2 = restored.getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, LONG));
        var map2 = restored.getMapState(new MapStateDescriptor<>("map", STRING, LONG_ARRAY));
        var big2 = restored.getState(new ValueStateDescriptor<>("big", LONG_ARRAY));
        for (long key = 0; key < 50; key++) {
            restored.setCurrentKey(key);
            assertEquals(key + 1, reducing2.get());
            assertArrayEquals(new long[] {key}, map2.get("a"));
            assertArrayEquals(new long[] {-key, key}, map2.get("b"));
            assertEquals(key * 100 + 1, big2.value().length);
        }
        assertEquals(150, restored.numEntries());
    }

    /** The accumulator is added to in place; a snapshot taken before must keep the value it pinned. */
    @Test
    void shouldSnapshotAnAggregatingAccumulatorAsItWasAndRestoreItAtAnotherParallelism() {
        HeapKeyedStateBackend<Long> backend = newBackend(KeyGroupRange.all(MAX_PARALLELISM));
        backend.setSyncSnapshotMaxEntries(0); // pinned, written after the adds below
        var averages = backend.getAggregatingState(new AggregatingStateDescriptor<>("avg", new Average(), LONG_ARRAY));
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            averages.add(key);
            averages.add(key + 2);
        }
        KeyedStateSnapshot snapshot = backend.snapshot();
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            averages.add(1_000_000L); // after the snapshot: not in it
        }
        SnapshotBytes bytes;
        try {
            bytes = SnapshotBytes.of(snapshot);
        } finally {
            snapshot.release();
        }
        backend.setCurrentKey(7L);
        assertEquals((7 + 9 + 1_000_000) / 3.0, averages.get());

        int restoredKeys = 0;
        for (int subtask = 0; subtask < 3; subtask++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(MAX_PARALLELISM, 3, subtask);
            HeapKeyedStateBackend<Long> restored = bytes.restoreInto(newBackend(range));
            var restoredAverages = restored.getAggregatingState(
                new AggregatingStateDescriptor<>("avg", new Average(), LONG_ARRAY));
            for (long key = 0; key < KEYS; key++) {
                if (!range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
                    continue;
                }
                restored.setCurrentKey(key);
                assertEquals(key + 1.0, restoredAverages.get(), "key " + key);
                restoredKeys++;
            }
        }
        assertEquals(KEYS, restoredKeys);
    }

    /** Sum and count in one {@code long[]}, added to in place. */
    private static final class Average implements AggregateFunction<Long, long[], Double> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] accumulator) {
            accumulator[0] += value;
            accumulator[1]++;
            return accumulator;
        }

        @Override
        public Double getResult(long[] accumulator) {
            return (double) accumulator[0] / accumulator[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    @Test
    void shouldKeepRestoredBytesUntilTheStateIsRequested() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        HeapKeyedStateBackend<Long> restored = bytes.restoreInto(newBackend(KeyGroupRange.all(MAX_PARALLELISM)));
        assertThrows(IllegalArgumentException.class, () -> restored.numKeys("v"), "not decoded before requested");

        // A snapshot taken before the state is requested carries the restored bytes on.
        SnapshotBytes again = snapshotOf(restored);
        HeapKeyedStateBackend<Long> second = again.restoreInto(newBackend(KeyGroupRange.all(MAX_PARALLELISM)));
        ValueState<Long> state = second.getState(new ValueStateDescriptor<>("v", LONG));
        assertEquals(KEYS, second.numKeys("v"));
        for (long key = 0; key < KEYS; key++) {
            second.setCurrentKey(key);
            assertEquals(key * 3, state.value());
        }
    }

    /**
     * A task restores views of the checkpoint's mapped file; its first snapshot copies what is
     * still pending to the heap and only then closes the file, which retention may then recycle.
     */
    @Test
    void shouldCopyViewedSectionsBeforeTheFirstSnapshotClosesTheirFile() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        List<UnsafeBuffer> mapped = new ArrayList<>();
        HeapKeyedStateBackend<Long> restored = newBackend(KeyGroupRange.all(MAX_PARALLELISM));
        for (byte[] block : bytes.blocks.values()) {
            UnsafeBuffer file = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(block.length));
            file.putBytes(0, block);
            mapped.add(file);
            restored.restoreKeyGroupInPlace(file, 0, block.length);
        }
        boolean[] closed = {false};
        restored.closeAtFirstSnapshot(List.of(() -> closed[0] = true));
        ValueState<Long> values = restored.getState(new ValueStateDescriptor<>("v", LONG)); // decoded from the views
        assertFalse(closed[0], "the file stays open while sections view it");

        SnapshotBytes first = snapshotOf(restored); // "l" is still pending: copied, then the file closed
        assertTrue(closed[0], "the first snapshot closes the file");
        for (UnsafeBuffer file : mapped) {
            file.setMemory(0, file.capacity(), (byte) 0x5A); // the file recycled: its old bytes gone
        }
        var lists = restored.getListState(new ListStateDescriptor<>("l", STRING));
        HeapKeyedStateBackend<Long> second = first.restoreInto(newBackend(KeyGroupRange.all(MAX_PARALLELISM)));
        var secondLists = second.getListState(new ListStateDescriptor<>("l", STRING));
        for (long key = 0; key < KEYS; key++) {
            restored.setCurrentKey(key);
            assertEquals(key * 3, values.value());
            assertEquals(List.of("a" + key, "b"), HeapKeyedStateBackendTest.list(lists.get()), "key " + key);
            second.setCurrentKey(key);
            assertEquals(List.of("a" + key, "b"), HeapKeyedStateBackendTest.list(secondLists.get()), "key " + key);
        }
    }

    @Test
    void shouldCloseTheViewedFileOnceEveryRestoredStateIsRequested() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        HeapKeyedStateBackend<Long> restored = newBackend(KeyGroupRange.all(MAX_PARALLELISM));
        for (byte[] block : bytes.blocks.values()) {
            UnsafeBuffer file = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(block.length));
            file.putBytes(0, block);
            restored.restoreKeyGroupInPlace(file, 0, block.length);
        }
        boolean[] closed = {false};
        restored.closeAtFirstSnapshot(List.of(() -> closed[0] = true));
        restored.getState(new ValueStateDescriptor<>("v", LONG));
        assertFalse(closed[0], "state 'l' still views the file");
        restored.getListState(new ListStateDescriptor<>("l", STRING));
        assertTrue(closed[0], "no restored state is left to decode from the file");
    }

    @Test
    void shouldNameAKeyOfAnotherTypeRestoredIntoAnotherKeyGroup() {
        HeapKeyedStateBackend<String> written = new HeapKeyedStateBackend<>(STRING, MAX_PARALLELISM,
            KeyGroupRange.all(MAX_PARALLELISM));
        ValueState<Long> values = written.getState(new ValueStateDescriptor<>("v", LONG));
        for (long key = 0; key < KEYS; key++) {
            written.setCurrentKey("k" + key);
            values.update(key);
        }
        KeyedStateSnapshot snapshot = written.snapshot();
        SnapshotBytes bytes = SnapshotBytes.of(snapshot);
        snapshot.release();
        HeapKeyedStateBackend<String> twiceAsMany = bytes.restoreInto(new HeapKeyedStateBackend<>(STRING,
            2 * MAX_PARALLELISM, KeyGroupRange.all(2 * MAX_PARALLELISM)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> twiceAsMany.getState(new ValueStateDescriptor<>("v", LONG)));
        assertTrue(e.getMessage().contains("its hashCode() must not change between runs"), e.getMessage());
    }

    @Test
    void shouldRejectRestoringAStateAsAnotherKind() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        HeapKeyedStateBackend<Long> restored = bytes.restoreInto(newBackend(KeyGroupRange.all(MAX_PARALLELISM)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> restored.getListState(new ListStateDescriptor<>("v", LONG)));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("VALUE"), e.getMessage());
    }

    @Test
    void shouldRejectAKeyGroupOutsideTheRange() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        HeapKeyedStateBackend<Long> half = newBackend(KeyGroups.rangeForSubtask(MAX_PARALLELISM, 2, 1));
        byte[] first = bytes.blocks.get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> half.restoreKeyGroup(new UnsafeBuffer(first), 0, first.length));
        assertTrue(e.getMessage().contains("key group 0"), e.getMessage());
    }

    @Test
    void shouldDetectATruncatedOrDamagedBlock() {
        SnapshotBytes bytes = snapshotOf(written(KeyGroupRange.all(MAX_PARALLELISM)));
        byte[] block = bytes.blocks.get(5);
        HeapKeyedStateBackend<Long> target = newBackend(KeyGroupRange.all(MAX_PARALLELISM));
        target.getState(new ValueStateDescriptor<>("v", LONG));
        IllegalStateException truncated = assertThrows(IllegalStateException.class,
            () -> target.restoreKeyGroup(new UnsafeBuffer(block), 0, block.length - 3));
        assertTrue(truncated.getMessage().contains("corrupt"), truncated.getMessage());
        byte[] damaged = block.clone();
        damaged[0] ^= 1;
        assertThrows(IllegalStateException.class, () -> target.restoreKeyGroup(new UnsafeBuffer(damaged), 0, damaged.length));
    }

    private static void rescale(int oldParallelism, int newParallelism) {
        List<SnapshotBytes> old = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            old.add(snapshotOf(written(KeyGroups.rangeForSubtask(MAX_PARALLELISM, oldParallelism, i))));
        }
        int total = 0;
        for (int i = 0; i < newParallelism; i++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(MAX_PARALLELISM, newParallelism, i);
            HeapKeyedStateBackend<Long> backend = newBackend(range);
            for (SnapshotBytes bytes : old) {
                bytes.restoreInto(backend);
            }
            ValueState<Long> values = backend.getState(new ValueStateDescriptor<>("v", LONG));
            var lists = backend.getListState(new ListStateDescriptor<>("l", STRING));
            for (long key = 0; key < KEYS; key++) {
                if (range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
                    backend.setCurrentKey(key);
                    assertEquals(key * 3, values.value(), "key " + key);
                    assertEquals(List.of("a" + key, "b"), HeapKeyedStateBackendTest.list(lists.get()));
                }
            }
            total += backend.numKeys("v");
            assertEquals(backend.numKeys("v"), backend.numKeys("l"));
        }
        assertEquals(KEYS, total, "every key restored exactly once");
    }

    /** A backend for {@code range} holding the keys of [0, KEYS) that fall in it. */
    private static HeapKeyedStateBackend<Long> written(KeyGroupRange range) {
        HeapKeyedStateBackend<Long> backend = newBackend(range);
        ValueState<Long> values = backend.getState(new ValueStateDescriptor<>("v", LONG));
        var lists = backend.getListState(new ListStateDescriptor<>("l", STRING));
        for (long key = 0; key < KEYS; key++) {
            if (range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
                backend.setCurrentKey(key);
                values.update(key * 3);
                lists.update(List.of("a" + key, "b"));
            }
        }
        return backend;
    }

    private static SnapshotBytes snapshotOf(HeapKeyedStateBackend<Long> backend) {
        KeyedStateSnapshot snapshot = backend.snapshot();
        try {
            return SnapshotBytes.of(snapshot);
        } finally {
            snapshot.release();
        }
    }

    private static HeapKeyedStateBackend<Long> newBackend(KeyGroupRange range) {
        return new HeapKeyedStateBackend<>(LONG, MAX_PARALLELISM, range);
    }
}
