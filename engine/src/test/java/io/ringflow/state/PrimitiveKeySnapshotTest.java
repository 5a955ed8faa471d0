package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyed state of {@code Long} and {@code Integer} keys with the built-in key codecs, whose keys a
 * snapshot writes and a restore reads straight from and into the primitive map: round trips at
 * another parallelism, and the errors of a key of another width or in another key group.
 */
class PrimitiveKeySnapshotTest {
    private static final int MAX_PARALLELISM = 128;
    private static final ValueStateDescriptor<long[]> SUMS = new ValueStateDescriptor<>("sums", Codecs.LONG_ARRAY);

    @Test
    void shouldRestoreLongKeysAtAnotherParallelism() {
        rescale(Codecs.LONG, k -> k, 4, 3);
    }

    @Test
    void shouldRestoreIntegerKeysAtAnotherParallelism() {
        rescale(Codecs.INT, k -> (int) k, 3, 5);
    }

    @Test
    void shouldNameAKeyOfAnotherWidthThanTheKeyCodecs() {
        SnapshotBytes longKeys = snapshotOf(written(Codecs.LONG, k -> k, KeyGroupRange.all(MAX_PARALLELISM), MAX_PARALLELISM));
        HeapKeyedStateBackend<Integer> intBackend = new HeapKeyedStateBackend<>(Codecs.INT, MAX_PARALLELISM,
            KeyGroupRange.all(MAX_PARALLELISM));
        longKeys.restoreInto(intBackend);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> intBackend.getState(SUMS));
        assertTrue(e.getMessage().contains("a key of 8 bytes where 4 were written"), e.getMessage());
    }

    @Test
    void shouldNameAKeyRestoredIntoAnotherKeyGroup() {
        SnapshotBytes bytes = snapshotOf(written(Codecs.LONG, k -> k, KeyGroupRange.all(MAX_PARALLELISM), MAX_PARALLELISM));
        HeapKeyedStateBackend<Long> twiceAsMany = new HeapKeyedStateBackend<>(Codecs.LONG, 2 * MAX_PARALLELISM,
            KeyGroupRange.all(2 * MAX_PARALLELISM));
        bytes.restoreInto(twiceAsMany);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> twiceAsMany.getState(SUMS));
        assertTrue(e.getMessage().contains("maxParallelism must stay the same"), e.getMessage());
    }

    private static <K> void rescale(Codec<K> keyCodec, LongFunction<K> toKey, int oldParallelism, int newParallelism) {
        List<SnapshotBytes> old = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            old.add(snapshotOf(written(keyCodec, toKey, KeyGroups.rangeForSubtask(MAX_PARALLELISM, oldParallelism, i),
                MAX_PARALLELISM)));
        }
        long restoredKeys = 0;
        for (int i = 0; i < newParallelism; i++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(MAX_PARALLELISM, newParallelism, i);
            HeapKeyedStateBackend<K> backend = new HeapKeyedStateBackend<>(keyCodec, MAX_PARALLELISM, range);
            old.forEach(bytes -> bytes.restoreInto(backend));
            ValueState<long[]> sums = backend.getState(SUMS);
            for (long k = -2000; k < 2000; k++) {
                K key = toKey.apply(k);
                if (range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
                    backend.setCurrentKey(key);
                    assertArrayEquals(new long[] {k, -k}, sums.value(), "key " + key);
                }
            }
            restoredKeys += backend.numKeys(SUMS.getName());
        }
        assertEquals(4000, restoredKeys, "every key restored once");
    }

    /** Keys -2000 .. 1999 of {@code range}, each holding {k, -k}. */
    private static <K> HeapKeyedStateBackend<K> written(Codec<K> keyCodec, LongFunction<K> toKey, KeyGroupRange range,
                                                        int maxParallelism) {
        HeapKeyedStateBackend<K> backend = new HeapKeyedStateBackend<>(keyCodec, maxParallelism, range);
        ValueState<long[]> sums = backend.getState(SUMS);
        for (long k = -2000; k < 2000; k++) {
            K key = toKey.apply(k);
            if (range.contains(KeyGroups.assignToKeyGroup(key, maxParallelism))) {
                backend.setCurrentKey(key);
                sums.update(new long[] {k, -k});
            }
        }
        return backend;
    }

    private static SnapshotBytes snapshotOf(HeapKeyedStateBackend<?> backend) {
        KeyedStateSnapshot snapshot = backend.snapshot();
        try {
            return SnapshotBytes.of(snapshot);
        } finally {
            snapshot.release();
        }
    }
}
