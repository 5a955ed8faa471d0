package io.ringflow.state;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Incremental chains against a model, over random operations: values replaced (more than once
 * in one interval), arrays changed in place and then replaced, keys removed and put again, maps
 * growing and shifting entries back on removal while their keys are listed; snapshots pinned and
 * written only after the task changed more, links that never complete. Every link, restored with
 * the chain it names, must equal the model as it was when the link was taken.
 */
class IncrementalSnapshotsModelTest {
    private static final int MAX_PARALLELISM = 128;

    private final Map<Long, Long> longs = new HashMap<>();
    private final Map<Long, long[]> arrays = new HashMap<>();
    private HeapKeyedStateBackend<Long> backend;
    private ValueState<Long> longState;
    private ValueState<long[]> arrayState;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldRestoreEveryLinkAsTheModelWasWhenItWasTaken(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        backend = newBackend();
        backend.setSyncSnapshotMaxEntries(0); // pinned, written later: the task changes state meanwhile
        backend.enableIncrementalSnapshots();
        longState = backend.getState(new ValueStateDescriptor<>("long", Codecs.LONG));
        arrayState = backend.getState(new ValueStateDescriptor<>("array", Codecs.LONG_ARRAY));
        int keys = 200 + random.nextInt(4_000); // from a few keys a map to dozens: maps grow and shift
        Map<StreamHandle, SnapshotBytes> written = new HashMap<>();
        for (long id = 1; id <= 40; id++) {
            change(random, keys, random.nextInt(keys * 2));
            KeyedStateSnapshot snapshot = backend.snapshot(id, false);
            Map<String, Object> expected = model(keys);
            change(random, keys, random.nextInt(keys)); // after the pin: not in this snapshot
            SnapshotBytes bytes = SnapshotBytes.of(snapshot);
            StreamHandle handle = StreamHandle.inline(new byte[] {(byte) id}, (int) id);
            written.put(handle, bytes);
            List<StreamHandle> chain = new ArrayList<>(snapshot.base());
            snapshot.written(handle);
            snapshot.release();
            chain.add(handle);

            HeapKeyedStateBackend<Long> restored = newBackend();
            restored.getState(new ValueStateDescriptor<>("long", Codecs.LONG));
            restored.getState(new ValueStateDescriptor<>("array", Codecs.LONG_ARRAY));
            for (StreamHandle link : chain) {
                written.get(link).restoreInto(restored);
            }
            assertEquals(expected, contents(restored, keys), "checkpoint " + id + " restored with chain " + chain.size());
            if (random.nextInt(3) > 0) { // else it never completes: the next link unites the intervals
                backend.notifyCheckpointComplete(id);
            }
        }
    }

    /** {@code operations} random changes to the backend and the model alike. */
    private void change(SplittableRandom random, int keys, int operations) {
        for (int i = 0; i < operations; i++) {
            long key = random.nextInt(keys);
            backend.setCurrentKey(key);
            switch (random.nextInt(8)) {
                case 0, 1 -> put(key, random.nextLong());
                case 2 -> { // replaced twice in a row: the later value holds
                    put(key, random.nextLong());
                    put(key, random.nextLong());
                }
                case 3, 4 -> { // changed in place, as a running count is
                    long[] array = arrayState.value();
                    if (array == null) {
                        array = new long[] {key, 0};
                    }
                    array[1]++;
                    arrayState.update(array);
                    arrays.put(key, array.clone());
                }
                case 5 -> { // changed in place, then replaced by another array
                    long[] array = arrayState.value();
                    if (array != null) {
                        array[1] += 100;
                    }
                    long[] replacement = {key, random.nextLong()};
                    arrayState.update(replacement);
                    arrays.put(key, replacement.clone());
                }
                case 6 -> {
                    longState.clear();
                    longs.remove(key);
                }
                default -> { // removed and, sometimes, put again
                    arrayState.clear();
                    arrays.remove(key);
                    if (random.nextBoolean()) {
                        put(key, random.nextLong());
                    }
                }
            }
        }
    }

    private void put(long key, long value) {
        longState.update(value);
        longs.put(key, value);
    }

    private Map<String, Object> model(int keys) {
        Map<String, Object> all = new TreeMap<>();
        for (long key = 0; key < keys; key++) {
            all.put(key + " long", longs.get(key));
            long[] array = arrays.get(key);
            all.put(key + " array", array == null ? null : Arrays.toString(array));
        }
        return all;
    }

    private static Map<String, Object> contents(HeapKeyedStateBackend<Long> b, int keys) {
        ValueState<Long> l = b.getState(new ValueStateDescriptor<>("long", Codecs.LONG));
        ValueState<long[]> a = b.getState(new ValueStateDescriptor<>("array", Codecs.LONG_ARRAY));
        Map<String, Object> all = new TreeMap<>();
        for (long key = 0; key < keys; key++) {
            b.setCurrentKey(key);
            all.put(key + " long", l.value());
            long[] array = a.value();
            all.put(key + " array", array == null ? null : Arrays.toString(array));
        }
        return all;
    }

    private static HeapKeyedStateBackend<Long> newBackend() {
        return new HeapKeyedStateBackend<>(Codecs.LONG, MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
    }
}
