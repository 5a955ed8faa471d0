package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental snapshots of the heap backend: which keys a change link holds, and that a chain
 * of links restores exactly what the backend held, for values, maps changed in place, lists and
 * removed keys, with states registered or still pending.
 */
class IncrementalSnapshotsTest {
    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 1_000;
    private HeapKeyedStateBackend<Long> backend;
    private ValueState<Long> value;
    private MapState<String, Long> map;
    private ListState<Long> list;

    @BeforeEach
    void fill() {
        backend = newBackend();
        backend.enableIncrementalSnapshots();
        value = backend.getState(new ValueStateDescriptor<>("value", LONG));
        map = backend.getMapState(new MapStateDescriptor<>("map", STRING, LONG));
        list = backend.getListState(new ListStateDescriptor<>("list", LONG));
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            value.update(key);
            map.put("a", key);
            list.add(key);
        }
    }

    @Test
    void shouldWriteOnlyTheChangedKeysAndRestoreTheChainExactly() throws Exception {
        Link full = checkpoint(1);
        assertTrue(full.snapshot.isIncremental());
        assertFalse(full.snapshot.isDelta(), "the first link is full");
        backend.notifyCheckpointComplete(1);

        backend.setCurrentKey(1L);
        value.update(-1L);
        backend.setCurrentKey(2L);
        value.clear(); // removed from one state only
        backend.setCurrentKey(3L);
        map.put("b", 33L); // the map value changes in place
        backend.setCurrentKey(4L);
        list.add(44L);
        backend.setCurrentKey(5L);
        value.clear();
        value.update(55L); // removed and put again in one interval
        Link delta = checkpoint(2);
        assertTrue(delta.snapshot.isDelta());
        assertEquals(List.of(full.handle), delta.snapshot.base());
        assertEquals(5, delta.keyGroups(), "a block for each key group with a change, and no other");

        assertSameState(backend, restore(full, delta));
    }

    @Test
    void shouldCoverEveryIntervalSinceTheLastCompletedLink() throws Exception {
        Link full = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        backend.setCurrentKey(10L);
        value.update(100L);
        Link unconfirmed = checkpoint(2); // never completes
        assertTrue(unconfirmed.snapshot.isDelta());
        backend.setCurrentKey(11L);
        value.update(110L);
        Link third = checkpoint(3);
        assertEquals(List.of(full.handle), third.snapshot.base(), "checkpoint 2 did not complete: still on checkpoint 1");
        assertSameState(backend, restore(full, third));
        backend.notifyCheckpointComplete(3);

        backend.setCurrentKey(12L);
        map.remove("a");
        Link fourth = checkpoint(4);
        assertEquals(List.of(full.handle, third.handle), fourth.snapshot.base());
        assertSameState(backend, restore(full, third, fourth));
    }

    /**
     * A change link reads only its change lists, so the task writes its tables in place under it:
     * values changed in place, keys removed (slots shifted back) and thousands added (tables grown)
     * before the writer encodes the link must not reach it.
     */
    @Test
    void shouldEncodeAChangeLinkAsTakenWhileTheTaskWritesOnBeforeTheWriterReadsIt() throws Exception {
        Link full = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        backend.setSyncSnapshotMaxEntries(0); // pinned for the writer, not encoded at once
        for (long key = 0; key < 100; key++) {
            backend.setCurrentKey(key);
            value.update(-key);
            map.put("b", key);
            list.add(key);
        }
        KeyedStateSnapshot delta = backend.snapshot(2, false);
        assertTrue(delta.isDelta());
        assertFalse(delta.isMaterialized());
        Map<String, Object> asTaken = contents(backend);

        for (long key = 0; key < 100; key++) {
            backend.setCurrentKey(key);
            value.update(key * 7);
            map.put("b", -1L);
            map.put("c", 1L);
            list.add(-1L);
        }
        for (long key = 0; key < 50; key++) {
            backend.setCurrentKey(key);
            value.clear();
            map.clear();
            list.clear();
        }
        for (long key = KEYS; key < KEYS + 5_000; key++) {
            backend.setCurrentKey(key);
            value.update(key);
        }
        SnapshotBytes bytes = SnapshotBytes.of(delta);
        delta.written(StreamHandle.inline(new byte[1], 2));
        delta.release();

        HeapKeyedStateBackend<Long> restored = restore(full, new Link(delta, bytes, delta.writtenHandle()));
        assertEquals(asTaken, contents(restored));
    }

    @Test
    void shouldRestoreExactlyWhenKeyGroupsChangeHundredsOfKeys() throws Exception {
        Link[] chain = changeHundredsOfKeysPerKeyGroup();
        HeapKeyedStateBackend<Long> restored = restore(chain);
        assertSameState(backend, restored);
        assertEquals(values(backend, 40_000), values(restored, 40_000));
    }

    /** As above, with the states requested after the restore: the kept sections decode on helper threads too. */
    @Test
    void shouldRestoreExactlyWhenTheKeptSectionsDecodeInParallel() throws Exception {
        Link[] chain = changeHundredsOfKeysPerKeyGroup();
        HeapKeyedStateBackend<Long> restored = newBackend();
        for (Link link : chain) {
            link.bytes.restoreInto(restored);
        }
        assertEquals(values(backend, 40_000), values(restored, 40_000));
        assertSameState(backend, restored);
    }

    /** 40,000 keys, a full link and a change link uniting two intervals of changes and removals: returns both. */
    private Link[] changeHundredsOfKeysPerKeyGroup() throws Exception {
        for (long key = KEYS; key < 40_000; key++) {
            backend.setCurrentKey(key);
            value.update(key);
        }
        Link full = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        for (long key = 0; key < 40_000; key += 4) { // about 80 changed keys a key group: the preloaded lookups
            backend.setCurrentKey(key);
            value.update(key * 3);
        }
        for (long key = 1; key < KEYS; key += 7) {
            backend.setCurrentKey(key);
            value.clear();
        }
        Link unconfirmed = checkpoint(2); // never completes: the next link unites two intervals
        assertTrue(unconfirmed.snapshot.isDelta());
        for (long key = 0; key < 40_000; key += 5) { // some listed in both intervals: written once
            backend.setCurrentKey(key);
            value.update(-key);
        }
        Link third = checkpoint(3);
        assertTrue(third.snapshot.isDelta());
        assertEquals(List.of(full.handle), third.snapshot.base());
        return new Link[] {full, third};
    }

    @Test
    void shouldKeepSavepointsFullAndOutOfTheChain() throws Exception {
        Link full = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        backend.setCurrentKey(20L);
        value.update(200L);
        KeyedStateSnapshot savepoint = backend.snapshot(2, true);
        assertFalse(savepoint.isIncremental(), "a savepoint stands alone");
        SnapshotBytes savepointBytes = SnapshotBytes.of(savepoint);
        savepoint.release();
        backend.notifyCheckpointComplete(2);
        backend.setCurrentKey(21L);
        value.update(210L);
        Link third = checkpoint(3);
        assertEquals(List.of(full.handle), third.snapshot.base());
        assertSameState(backend, restore(full, third), "the change before the savepoint is in the link");
        HeapKeyedStateBackend<Long> fromSavepoint = savepointBytes.restoreInto(newBackend());
        fromSavepoint.setCurrentKey(20L);
        assertEquals(200L, fromSavepoint.getState(new ValueStateDescriptor<>("value", LONG)).value());
    }

    @Test
    void shouldKeepLinksFullUntilAFullLinkIsConfirmed() throws Exception {
        Link first = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            value.update(-key); // every key of every state: a full link is no larger than the changes
            map.put("a", -key);
            list.add(-key);
        }
        Link full = checkpoint(2);
        assertFalse(full.snapshot.isDelta());
        backend.setCurrentKey(5L);
        value.update(55L);
        Link next = checkpoint(3); // taken before checkpoint 2's completion reached the backend
        assertFalse(next.snapshot.isDelta(), "a change link on checkpoint 1 would lack checkpoint 2's changes");
        assertSameState(backend, restore(next));
        backend.notifyCheckpointComplete(2);
        backend.notifyCheckpointComplete(3);
        backend.setCurrentKey(6L);
        value.update(66L);
        Link after = checkpoint(4);
        assertTrue(after.snapshot.isDelta(), "once a full link is confirmed, change links again");
        assertEquals(List.of(next.handle), after.snapshot.base());
        assertSameState(backend, restore(next, after));
        assertTrue(first.snapshot.isIncremental());
    }

    @Test
    void shouldWriteAFullLinkAfterAnAbortedOne() throws Exception {
        checkpoint(1);
        backend.notifyCheckpointComplete(1);
        backend.setCurrentKey(30L);
        value.update(300L);
        assertTrue(checkpoint(2).snapshot.isDelta());
        backend.notifyCheckpointAborted(2);
        Link afterAbort = checkpoint(3);
        assertFalse(afterAbort.snapshot.isDelta(), "a file of the chain may be gone: materialize");
        assertTrue(afterAbort.snapshot.base().isEmpty());
    }

    @Test
    void shouldMaterializeWhenChangesWeighThreeTimesTheFullLink() throws Exception {
        long full = checkpoint(1).handle.length();
        backend.notifyCheckpointComplete(1);
        long changes = 0;
        long lastChange = 0;
        for (long id = 2; id < 200; id++) {
            for (long key = 0; key < KEYS / 5; key++) {
                backend.setCurrentKey((key * 7 + id) % KEYS);
                value.update(id);
            }
            Link link = checkpoint(id);
            backend.notifyCheckpointComplete(id);
            if (!link.snapshot.isDelta()) {
                assertTrue(changes >= IncrementalSnapshots.MAX_CHANGES_PER_FULL * full,
                    changes + " bytes of change links, full at " + full + " bytes: materialized too early");
                assertTrue(changes - lastChange < IncrementalSnapshots.MAX_CHANGES_PER_FULL * full,
                    "materialized one link late");
                assertEquals(3, IncrementalSnapshots.MAX_CHANGES_PER_FULL);
                return;
            }
            lastChange = link.handle.length();
            changes += lastChange;
        }
        throw new AssertionError("no full link after " + changes + " bytes of change links");
    }

    @Test
    void shouldNotMaterializeAStateThatOnlyGrows() throws Exception {
        checkpoint(1);
        backend.notifyCheckpointComplete(1);
        for (long id = 2; id < 14; id++) {
            for (long key = KEYS * id; key < KEYS * id + KEYS / 5; key++) {
                backend.setCurrentKey(key);
                value.update(key); // new keys only: the full link, scaled to the state now, stays the larger
            }
            Link link = checkpoint(id);
            backend.notifyCheckpointComplete(id);
            assertTrue(link.snapshot.isDelta(), "link " + id + " holds only the new keys");
        }
    }

    @Test
    void shouldCarryPendingChangeSectionsIntoAFullLinkAndApplyThemOnRegistration() throws Exception {
        Link full = checkpoint(1);
        backend.notifyCheckpointComplete(1);
        backend.setCurrentKey(7L);
        value.update(70L);
        backend.setCurrentKey(8L);
        value.clear();
        Link delta = checkpoint(2);

        // restored, but no function asked for the states yet: the sections stay bytes
        HeapKeyedStateBackend<Long> restored = newBackend();
        full.bytes.restoreInto(restored);
        delta.bytes.restoreInto(restored);
        restored.enableIncrementalSnapshots();
        KeyedStateSnapshot materialized = restored.snapshot(3, false);
        assertFalse(materialized.isDelta(), "a restored backend starts a new chain with a full link");
        SnapshotBytes carried = SnapshotBytes.of(materialized);
        materialized.release();

        HeapKeyedStateBackend<Long> again = carried.restoreInto(newBackend());
        registerAll(again);
        assertSameState(backend, again);
    }

    private record Link(KeyedStateSnapshot snapshot, SnapshotBytes bytes, StreamHandle handle) {
        int keyGroups() {
            return bytes.blocks.size();
        }
    }

    /** Takes and "writes" the snapshot of a checkpoint: its bytes stand for the shared file. */
    private Link checkpoint(long id) {
        KeyedStateSnapshot snapshot = backend.snapshot(id, false);
        SnapshotBytes bytes = SnapshotBytes.of(snapshot);
        int size = bytes.blocks.values().stream().mapToInt(b -> b.length).sum();
        StreamHandle handle = StreamHandle.inline(new byte[size], (int) id);
        snapshot.written(handle);
        snapshot.release();
        return new Link(snapshot, bytes, handle);
    }

    private HeapKeyedStateBackend<Long> restore(Link... chain) {
        HeapKeyedStateBackend<Long> restored = newBackend();
        registerAll(restored);
        for (Link link : chain) {
            link.bytes.restoreInto(restored);
        }
        return restored;
    }

    private static void registerAll(HeapKeyedStateBackend<Long> b) {
        b.getState(new ValueStateDescriptor<>("value", LONG));
        b.getMapState(new MapStateDescriptor<>("map", STRING, LONG));
        b.getListState(new ListStateDescriptor<>("list", LONG));
    }

    private static void assertSameState(HeapKeyedStateBackend<Long> expected, HeapKeyedStateBackend<Long> actual) {
        assertSameState(expected, actual, "restored state");
    }

    private static void assertSameState(HeapKeyedStateBackend<Long> expected, HeapKeyedStateBackend<Long> actual,
                                        String what) {
        assertEquals(contents(expected), contents(actual), what);
    }

    /** The value state of keys 0 .. {@code keys} - 1, by key. */
    private static Map<Long, Long> values(HeapKeyedStateBackend<Long> b, long keys) {
        ValueState<Long> v = b.getState(new ValueStateDescriptor<>("value", LONG));
        Map<Long, Long> all = new TreeMap<>();
        for (long key = 0; key < keys; key++) {
            b.setCurrentKey(key);
            all.put(key, v.value());
        }
        return all;
    }

    /** Every key's value in every state, as plain Java values. */
    private static Map<String, Object> contents(HeapKeyedStateBackend<Long> b) {
        ValueState<Long> v = b.getState(new ValueStateDescriptor<>("value", LONG));
        MapState<String, Long> m = b.getMapState(new MapStateDescriptor<>("map", STRING, LONG));
        ListState<Long> l = b.getListState(new ListStateDescriptor<>("list", LONG));
        Map<String, Object> all = new TreeMap<>();
        for (long key = 0; key < KEYS; key++) {
            b.setCurrentKey(key);
            all.put(key + " value", v.value());
            Map<String, Long> entries = new TreeMap<>();
            m.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
            all.put(key + " map", entries);
            List<Long> items = new ArrayList<>();
            l.get().forEach(items::add);
            all.put(key + " list", items);
        }
        all.put("entries", b.numEntries());
        return all;
    }

    private HeapKeyedStateBackend<Long> newBackend() {
        return new HeapKeyedStateBackend<>(keyCodec(), MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
    }

    /** A codec of its own: the maps write each key through it, not as the built-in codec frames it. */
    Codec<Long> keyCodec() {
        return LONG;
    }
}
