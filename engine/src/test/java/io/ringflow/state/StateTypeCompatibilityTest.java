package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restored state is decoded only by a codec of the type and layout it was written with, or by a
 * record codec of the same class with components added or removed; anything else fails naming
 * the operator, the state, both types and the fix.
 */
class StateTypeCompatibilityTest {
    private static final int MAX_PARALLELISM = 16;
    private static final int KEYS = 200;
    private static final String UID = "vwap";

    record Trade(String symbol, long qty) {
    }

    /** Trade with a component added. */
    record TradeWithPrice(String symbol, long qty, double price) {
    }

    /** Trade with a component removed. */
    record TradeSymbolOnly(String symbol) {
    }

    record Position(String account, Trade last) {
    }

    /** Position whose nested Trade gained a component. */
    record PositionWithPrice(String account, TradeWithPrice last) {
    }

    @Test
    void shouldRefuseLongArrayStateRestoredAsDoubleArrayNamingEverything() {
        SnapshotBytes bytes = snapshotOfValues("sums", Codecs.LONG_ARRAY, key -> new long[] {key, key * 2});
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> restored.getState(new ValueStateDescriptor<>("sums", Codecs.DOUBLE_ARRAY)));
        assertMismatchMessage(e, "keyed state 'sums'", "long[]", "double[]");
    }

    @Test
    void shouldRefuseLongArrayStateRestoredAsString() {
        SnapshotBytes bytes = snapshotOfValues("sums", Codecs.LONG_ARRAY, key -> new long[] {key});
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> restored.getState(new ValueStateDescriptor<>("sums", Codecs.STRING)));
        assertMismatchMessage(e, "keyed state 'sums'", "long[]", "java.lang.String");
    }

    @Test
    void shouldRefuseAStateRegisteredBeforeItsKeyGroupsAreRestored() {
        SnapshotBytes bytes = snapshotOfValues("sums", Codecs.LONG_ARRAY, key -> new long[] {key});
        HeapKeyedStateBackend<Long> backend = newBackend();
        backend.setOperatorUid(UID);
        backend.getState(new ValueStateDescriptor<>("sums", Codecs.DOUBLE_ARRAY));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bytes.restoreInto(backend));
        assertMismatchMessage(e, "keyed state 'sums'", "long[]", "double[]");
    }

    @Test
    void shouldRestoreTheSameTypeAndKeepItsTypeWhilePending() {
        SnapshotBytes bytes = snapshotOfValues("sums", Codecs.LONG_ARRAY, key -> new long[] {key, -key});
        // Restored, never requested, snapshotted again: the carried-on bytes keep their type.
        SnapshotBytes carried = SnapshotBytes.of(restore(bytes).snapshot());
        HeapKeyedStateBackend<Long> mismatched = restore(carried);
        assertThrows(IllegalStateException.class,
            () -> mismatched.getState(new ValueStateDescriptor<>("sums", Codecs.DOUBLE_ARRAY)));

        HeapKeyedStateBackend<Long> restored = restore(carried);
        ValueState<long[]> state = restored.getState(new ValueStateDescriptor<>("sums", Codecs.LONG_ARRAY));
        for (long key = 0; key < KEYS; key++) {
            restored.setCurrentKey(key);
            assertArrayEquals(new long[] {key, -key}, state.value());
        }
    }

    @Test
    void shouldRestoreARecordWithAComponentAddedTakingItsDefault() {
        SnapshotBytes bytes = snapshotOfValues("trade", asOldVersionOf(Trade.class, TradeWithPrice.class),
            key -> new Trade("S" + key, key * 10));
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        ValueState<TradeWithPrice> state = restored.getState(
            new ValueStateDescriptor<>("trade", Codecs.forClass(TradeWithPrice.class)));
        for (long key = 0; key < KEYS; key++) {
            restored.setCurrentKey(key);
            assertEquals(new TradeWithPrice("S" + key, key * 10, 0.0), state.value());
        }
        // Snapshotted again in the new layout, under the new type.
        HeapKeyedStateBackend<Long> again = restore(SnapshotBytes.of(restored.snapshot()));
        ValueState<TradeWithPrice> state2 = again.getState(
            new ValueStateDescriptor<>("trade", Codecs.forClass(TradeWithPrice.class)));
        again.setCurrentKey(7L);
        assertEquals(new TradeWithPrice("S7", 70, 0.0), state2.value());
    }

    @Test
    void shouldRestoreARecordWithAComponentRemoved() {
        SnapshotBytes bytes = snapshotOfValues("trade", asOldVersionOf(Trade.class, TradeSymbolOnly.class),
            key -> new Trade("S" + key, key * 10));
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        ValueState<TradeSymbolOnly> state = restored.getState(
            new ValueStateDescriptor<>("trade", Codecs.forClass(TradeSymbolOnly.class)));
        for (long key = 0; key < KEYS; key++) {
            restored.setCurrentKey(key);
            assertEquals(new TradeSymbolOnly("S" + key), state.value());
        }
    }

    @Test
    void shouldEvolveANestedRecordAndTheValuesOfListAndMapState() {
        HeapKeyedStateBackend<Long> backend = newBackend();
        Codec<Position> oldPosition = asOldVersionOf(Position.class, PositionWithPrice.class);
        ListState<Position> list = backend.getListState(new ListStateDescriptor<>("positions", oldPosition));
        MapState<String, Position> map = backend.getMapState(new MapStateDescriptor<>("byAccount", Codecs.STRING, oldPosition));
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            list.add(new Position("a" + key, new Trade("S", key)));
            map.put("a", new Position("a" + key, new Trade("T", key)));
        }
        HeapKeyedStateBackend<Long> restored = restore(SnapshotBytes.of(backend.snapshot()));
        Codec<PositionWithPrice> current = Codecs.forClass(PositionWithPrice.class);
        ListState<PositionWithPrice> list2 = restored.getListState(new ListStateDescriptor<>("positions", current));
        MapState<String, PositionWithPrice> map2 = restored.getMapState(new MapStateDescriptor<>("byAccount", Codecs.STRING, current));
        restored.setCurrentKey(5L);
        assertEquals(List.of(new PositionWithPrice("a5", new TradeWithPrice("S", 5, 0.0))), copy(list2.get()));
        assertEquals(new PositionWithPrice("a5", new TradeWithPrice("T", 5, 0.0)), map2.get("a"));
    }

    @Test
    void shouldRefuseARecordWhoseComponentChangedType() {
        record TradeQtyAsDouble(String symbol, double qty) {
        }
        SnapshotBytes bytes = snapshotOfValues("trade", asOldVersionOf(Trade.class, TradeQtyAsDouble.class),
            key -> new Trade("S" + key, key));
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> restored.getState(
            new ValueStateDescriptor<>("trade", Codecs.forClass(TradeQtyAsDouble.class))));
        assertMismatchMessage(e, "keyed state 'trade'", "qty:long", "qty:double");
        assertTrue(e.getMessage().contains("component 'qty'"), e.getMessage());
    }

    @Test
    void shouldRefuseOperatorListStateRestoredAsAnotherType() {
        OperatorStateBackend old = new OperatorStateBackend();
        old.getListState(new ListStateDescriptor<>("offsets", Codecs.LONG_ARRAY)).add(new long[] {1, 2});
        byte[] block = old.snapshot().toByteArray();

        OperatorStateBackend restored = new OperatorStateBackend();
        restored.restore(new OperatorStateBlocks(UID, List.of(block)), 1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> restored.getListState(new ListStateDescriptor<>("offsets", Codecs.DOUBLE_ARRAY)));
        assertMismatchMessage(e, "operator state 'offsets'", "long[]", "double[]");

        // Registered before the restore: refused as the blocks are read.
        OperatorStateBackend early = new OperatorStateBackend();
        early.getListState(new ListStateDescriptor<>("offsets", Codecs.STRING));
        IllegalStateException e2 = assertThrows(IllegalStateException.class,
            () -> early.restore(new OperatorStateBlocks(UID, List.of(block)), 1, 0));
        assertMismatchMessage(e2, "operator state 'offsets'", "long[]", "java.lang.String");
    }

    @Test
    void shouldRestoreOperatorListStateOfTheSameTypeOrAnEvolvedRecord() {
        OperatorStateBackend old = new OperatorStateBackend();
        old.getListState(new ListStateDescriptor<>("trades", asOldVersionOf(Trade.class, TradeWithPrice.class)))
            .add(new Trade("S", 3));
        old.getListState(new ListStateDescriptor<>("offsets", Codecs.LONG)).add(42L);
        byte[] block = old.snapshot().toByteArray();

        OperatorStateBackend restored = new OperatorStateBackend();
        restored.restore(new OperatorStateBlocks(UID, List.of(block)), 1, 0);
        assertEquals(List.of(42L), copy(restored.getListState(new ListStateDescriptor<>("offsets", Codecs.LONG)).get()));
        assertEquals(List.of(new TradeWithPrice("S", 3, 0.0)), copy(restored.getListState(
            new ListStateDescriptor<>("trades", Codecs.forClass(TradeWithPrice.class))).get()));
    }

    @Test
    void shouldRestoreAnOperatorStateBlockWrittenBeforeTypesWereStored() {
        BlockWriter out = new BlockWriter();
        out.putInt(OperatorStateBlockDescriptor.BEGIN_MARKER);
        out.putInt(1);
        out.putString("offsets");
        out.putByte((byte) RedistributionMode.SPLIT.ordinal());
        out.putInt(1);
        out.putFramed(Codecs.LONG, 42L);
        out.putInt(OperatorStateBlockDescriptor.END_MARKER);
        byte[] block = new byte[out.position()];
        out.buffer().getBytes(0, block);

        OperatorStateBackend restored = new OperatorStateBackend();
        restored.restore(new OperatorStateBlocks(UID, List.of(block)), 1, 0);
        assertEquals(List.of(42L), copy(restored.getListState(new ListStateDescriptor<>("offsets", Codecs.LONG)).get()));
    }

    @Test
    void shouldRestoreAKeyGroupBlockWrittenBeforeTypesWereStored() {
        HeapKeyedStateBackend<Long> backend = newBackend();
        backend.setCurrentKey(3L);
        int keyGroup = backend.getCurrentKeyGroup();
        BlockWriter out = new BlockWriter();
        out.putInt(KeyGroupBlockDescriptor.BEGIN_MARKER);
        out.putInt(keyGroup);
        out.putInt(1);
        out.putString("count");
        out.putByte((byte) io.ringflow.api.state.StateDescriptor.Kind.VALUE.ordinal());
        out.putInt(1);
        int lengthAt = out.position();
        out.putInt(0);
        int entriesAt = out.position();
        out.putFramed(Codecs.LONG, 3L);
        out.putFramed(Codecs.LONG, 99L);
        out.putIntAt(lengthAt, out.position() - entriesAt);
        out.putInt(KeyGroupBlockDescriptor.END_MARKER);

        backend.restoreKeyGroup(out.buffer(), 0, out.position());
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        backend.setCurrentKey(3L);
        assertEquals(99L, state.value());
    }

    @Test
    void shouldGiveAnAddedNestedRecordARecordOfDefaults() {
        record Wrapper(String name) {
        }
        record Wrapped(String name, Trade trade, int[] counts) {
        }
        SnapshotBytes bytes = snapshotOfValues("w", asOldVersionOf(Wrapper.class, Wrapped.class), key -> new Wrapper("n" + key));
        HeapKeyedStateBackend<Long> restored = restore(bytes);
        ValueState<Wrapped> state = restored.getState(new ValueStateDescriptor<>("w", Codecs.forClass(Wrapped.class)));
        restored.setCurrentKey(1L);
        Wrapped value = state.value();
        assertEquals("n1", value.name());
        assertEquals(new Trade(null, 0), value.trade());
        assertNull(value.counts());
        SnapshotBytes.of(restored.snapshot()); // the defaults are encodable: a record component is never null
    }

    private static void assertMismatchMessage(IllegalStateException e, String state, String oldType, String newType) {
        String message = e.getMessage();
        for (String part : List.of(state, "operator '" + UID + "'", oldType, newType, "setAllowNonRestoredState", "migrate")) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
        assertTrue(message.indexOf(oldType) < message.indexOf(newType), "old type first: " + message);
    }

    private interface ValueOf<T> {
        T of(long key);
    }

    private static <T> SnapshotBytes snapshotOfValues(String name, Codec<T> codec, ValueOf<T> values) {
        HeapKeyedStateBackend<Long> backend = newBackend();
        ValueState<T> state = backend.getState(new ValueStateDescriptor<>(name, codec));
        for (long key = 0; key < KEYS; key++) {
            backend.setCurrentKey(key);
            state.update(values.of(key));
        }
        return SnapshotBytes.of(backend.snapshot());
    }

    private static HeapKeyedStateBackend<Long> restore(SnapshotBytes bytes) {
        HeapKeyedStateBackend<Long> backend = newBackend();
        backend.setOperatorUid(UID);
        return bytes.restoreInto(backend);
    }

    private static HeapKeyedStateBackend<Long> newBackend() {
        return new HeapKeyedStateBackend<>(Codecs.LONG, MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
    }

    private static <T> List<T> copy(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    /**
     * The codec of an earlier version of record class {@code current}, whose components were those
     * of {@code old}: {@code old}'s layout under {@code current}'s name, as the previous build of the
     * job wrote it. Nested records are renamed the same way by {@link #RENAMES}.
     */
    static <T> Codec<T> asOldVersionOf(Class<T> old, Class<?> current) {
        Codec<T> codec = Codecs.forClass(old);
        String identity = codec.identity().replace(old.getName() + "(", current.getName() + "(");
        for (String[] rename : RENAMES) {
            identity = identity.replace(rename[0] + "(", rename[1] + "(");
        }
        String renamed = identity;
        return new Codec<>() {
            @Override
            public int encode(T value, MutableDirectBuffer buffer, int offset, int capacity) {
                return codec.encode(value, buffer, offset, capacity);
            }

            @Override
            public T decode(DirectBuffer buffer, int offset, int length) {
                return codec.decode(buffer, offset, length);
            }

            @Override
            public Class<?> type() {
                return old;
            }

            @Override
            public T copy(T value) {
                return codec.copy(value);
            }

            @Override
            public String identity() {
                return renamed;
            }
        };
    }

    /** Old nested record classes and the current classes they are earlier versions of. */
    private static final String[][] RENAMES = {
        {Trade.class.getName(), TradeWithPrice.class.getName()},
    };
}
