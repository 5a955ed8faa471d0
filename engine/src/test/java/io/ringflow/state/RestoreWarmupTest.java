package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore warm-up: the first large full snapshot of a process is restored in part into a
 * throwaway backend on a thread of its own, once, without changing what the snapshot writes.
 */
class RestoreWarmupTest {
    private static final int MAX_PARALLELISM = 128;
    private static final ValueStateDescriptor<long[]> SUMS = new ValueStateDescriptor<>("sums", Codecs.LONG_ARRAY);

    @BeforeEach
    @AfterEach
    void reset() throws InterruptedException {
        RestoreWarmup.awaitDone();
        RestoreWarmup.resetForTests();
    }

    @Test
    void shouldRestoreTheFirstLargeSnapshotOnceInTheBackgroundAndWriteTheSameBytes() throws InterruptedException {
        HeapKeyedStateBackend<Long> backend = backendWith(25_000, SUMS);

        SnapshotBytes tapped = written(backend.snapshot());
        Thread warmup = RestoreWarmup.startedThread();
        assertNotNull(warmup, "a full snapshot of 25,000 entries must start the warm-up");
        assertTrue(warmup.isDaemon());
        RestoreWarmup.awaitDone();
        assertEquals(25_000, RestoreWarmup.restoredEntries(), "25,000 small entries fit the copy: all restored");

        SnapshotBytes plain = written(backend.snapshot());
        assertSame(warmup, RestoreWarmup.startedThread(), "a second large snapshot must not start another warm-up");
        assertEquals(plain.blocks.keySet(), tapped.blocks.keySet());
        for (Map.Entry<Integer, byte[]> block : plain.blocks.entrySet()) {
            assertArrayEquals(block.getValue(), tapped.blocks.get(block.getKey()), "key group " + block.getKey());
        }
    }

    @Test
    void shouldCopyAtMostItsLimitOfALargerState() throws InterruptedException {
        HeapKeyedStateBackend<Long> backend = backendWith(200_000, SUMS);
        SnapshotBytes all = written(backend.snapshot());
        RestoreWarmup.awaitDone();

        int restored = RestoreWarmup.restoredEntries();
        assertTrue(restored >= RestoreWarmup.MIN_ENTRIES && restored < 200_000,
            "restored " + restored + " of 200,000: whole key groups up to " + RestoreWarmup.MAX_BYTES + " bytes");
        assertEquals(128, all.blocks.size(), "the snapshot itself is whole");
    }

    @Test
    void shouldLeaveSmallStatesAlone() {
        written(backendWith((int) RestoreWarmup.MIN_ENTRIES - 1, SUMS).snapshot());
        assertNull(RestoreWarmup.startedThread(), "a state that restores in milliseconds needs no warm-up");
    }

    @Test
    void shouldNotLetAFailingWarmupTouchTheSnapshot() throws InterruptedException {
        ValueStateDescriptor<long[]> unreadable = new ValueStateDescriptor<>("unreadable", new FailingDecode());
        HeapKeyedStateBackend<Long> backend = backendWith(25_000, unreadable);

        SnapshotBytes bytes = written(backend.snapshot());
        RestoreWarmup.awaitDone();

        assertEquals(-1, RestoreWarmup.restoredEntries(), "the warm-up's decode failed and was only logged");
        assertEquals(128, bytes.blocks.size());
        assertFalse(bytes.blocks.values().stream().anyMatch(b -> b.length == 0));
    }

    private static HeapKeyedStateBackend<Long> backendWith(int keys, ValueStateDescriptor<long[]> descriptor) {
        HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(Codecs.LONG, MAX_PARALLELISM,
            KeyGroupRange.all(MAX_PARALLELISM));
        ValueState<long[]> state = backend.getState(descriptor);
        for (long k = 0; k < keys; k++) {
            backend.setCurrentKey(k);
            state.update(new long[] {1, k});
        }
        return backend;
    }

    private static SnapshotBytes written(KeyedStateSnapshot snapshot) {
        SnapshotBytes bytes = SnapshotBytes.of(snapshot);
        snapshot.release();
        return bytes;
    }

    /** Writes as {@code long[]} and cannot read back: a warm-up with it fails. */
    private static final class FailingDecode implements Codec<long[]> {
        @Override
        public int encode(long[] value, MutableDirectBuffer buffer, int offset, int capacity) {
            return Codecs.LONG_ARRAY.encode(value, buffer, offset, capacity);
        }

        @Override
        public long[] decode(DirectBuffer buffer, int offset, int length) {
            throw new IllegalStateException("this codec cannot read");
        }

        @Override
        public Class<?> type() {
            return long[].class;
        }

        @Override
        public long[] copy(long[] value) {
            return value.clone();
        }
    }
}
