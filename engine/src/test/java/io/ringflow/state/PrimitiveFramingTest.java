package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The values of the built-in primitive codecs, which a snapshot frames straight into its block
 * ({@link PrimitiveFraming}), come out byte for byte as the codec itself writes them: against
 * the same codec behind another instance (the general path), full and incremental, with
 * {@code Long} and {@code Integer} keys; and such blocks restore.
 */
class PrimitiveFramingTest {
    private static final int MAX_PARALLELISM = 128;

    static Stream<Arguments> codecs() {
        return Stream.of(
            Arguments.of(Codecs.LONG, (LongFunction<Object>) k -> k * 31),
            Arguments.of(Codecs.INT, (LongFunction<Object>) k -> (int) (k * 7)),
            Arguments.of(Codecs.DOUBLE, (LongFunction<Object>) k -> k / 3.0),
            Arguments.of(Codecs.LONG_ARRAY, (LongFunction<Object>) k -> new long[] {k, -k, k * k}),
            Arguments.of(Codecs.INT_ARRAY, (LongFunction<Object>) k -> k % 5 == 0 ? new int[0] : new int[] {(int) k, 1}),
            Arguments.of(Codecs.DOUBLE_ARRAY, (LongFunction<Object>) k -> new double[] {k + 0.5}));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldFrameLongKeyedValuesAsTheCodecDoes(Codec<Object> codec, LongFunction<Object> valueOf) {
        assertNotNull(PrimitiveFraming.of(codec), "a built-in primitive codec is framed directly");
        assertSameBytes(Codecs.LONG, k -> k, codec, valueOf);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldFrameIntegerKeyedValuesAsTheCodecDoes(Codec<Object> codec, LongFunction<Object> valueOf) {
        assertSameBytes(Codecs.INT, k -> (int) k, codec, valueOf);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void shouldRestoreWhatItFramed(Codec<Object> codec, LongFunction<Object> valueOf) {
        Backends<Long> written = new Backends<>(Codecs.LONG, codec);
        written.put(k -> k, valueOf, 0, 500);
        SnapshotBytes bytes = SnapshotBytes.of(written.framed.snapshot(1, false));
        HeapKeyedStateBackend<Long> restored = bytes.restoreInto(newBackend(Codecs.LONG));
        ValueState<Object> state = restored.getState(new ValueStateDescriptor<>("v", codec));
        for (long k = 0; k < 500; k++) {
            restored.setCurrentKey(k);
            assertEquals(text(valueOf.apply(k)), text(state.value()), "key " + k);
        }
    }

    private static <K> void assertSameBytes(Codec<K> keyCodec, LongFunction<K> keyOf, Codec<Object> codec,
                                            LongFunction<Object> valueOf) {
        Backends<K> backends = new Backends<>(keyCodec, codec);
        backends.enableIncrementalSnapshots();
        backends.put(keyOf, valueOf, -400, 400);
        backends.assertSameSnapshot(1, "full");
        backends.put(keyOf, k -> valueOf.apply(k + 1), -50, 90); // changed in place and replaced
        backends.remove(keyOf, 100, 130);
        backends.put(keyOf, valueOf, 1_000, 1_040); // new keys
        backends.assertSameSnapshot(2, "delta");
    }

    /** One backend with the built-in codec, one with the same codec disguised: the general path. */
    private static final class Backends<K> {
        final HeapKeyedStateBackend<K> framed;
        final HeapKeyedStateBackend<K> general;
        final ValueState<Object> framedState;
        final ValueState<Object> generalState;

        Backends(Codec<K> keyCodec, Codec<Object> codec) {
            framed = newBackend(keyCodec);
            general = newBackend(keyCodec);
            framedState = framed.getState(new ValueStateDescriptor<>("v", codec));
            generalState = general.getState(new ValueStateDescriptor<>("v", new Disguised<>(codec)));
        }

        void enableIncrementalSnapshots() {
            framed.enableIncrementalSnapshots();
            general.enableIncrementalSnapshots();
        }

        void put(LongFunction<K> keyOf, LongFunction<Object> valueOf, long from, long to) {
            for (long k = from; k < to; k++) {
                framed.setCurrentKey(keyOf.apply(k));
                framedState.update(valueOf.apply(k));
                general.setCurrentKey(keyOf.apply(k));
                generalState.update(valueOf.apply(k));
            }
        }

        void remove(LongFunction<K> keyOf, long from, long to) {
            for (long k = from; k < to; k++) {
                framed.setCurrentKey(keyOf.apply(k));
                framedState.clear();
                general.setCurrentKey(keyOf.apply(k));
                generalState.clear();
            }
        }

        void assertSameSnapshot(long checkpointId, String what) {
            KeyedStateSnapshot framedSnapshot = framed.snapshot(checkpointId, false);
            KeyedStateSnapshot generalSnapshot = general.snapshot(checkpointId, false);
            assertEquals(checkpointId > 1, framedSnapshot.isDelta(), what);
            Map<Integer, byte[]> expected = SnapshotBytes.of(generalSnapshot).blocks;
            Map<Integer, byte[]> actual = SnapshotBytes.of(framedSnapshot).blocks;
            assertEquals(expected.keySet(), actual.keySet(), what + ": key groups");
            expected.forEach((group, bytes) -> assertArrayEquals(bytes, actual.get(group), what + ": key group " + group));
            for (KeyedStateSnapshot s : new KeyedStateSnapshot[] {framedSnapshot, generalSnapshot}) {
                s.written(StreamHandle.inline(new byte[1], 0));
                s.release();
            }
            framed.notifyCheckpointComplete(checkpointId);
            general.notifyCheckpointComplete(checkpointId);
        }
    }

    private static <K> HeapKeyedStateBackend<K> newBackend(Codec<K> keyCodec) {
        return new HeapKeyedStateBackend<>(keyCodec, MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
    }

    private static String text(Object value) {
        if (value instanceof long[] a) {
            return java.util.Arrays.toString(a);
        }
        if (value instanceof int[] a) {
            return java.util.Arrays.toString(a);
        }
        if (value instanceof double[] a) {
            return java.util.Arrays.toString(a);
        }
        return value.getClass().getSimpleName() + " " + value;
    }

    /** The same codec behind another instance, so that no snapshot recognises it. */
    private record Disguised<T>(Codec<T> codec) implements Codec<T> {
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
            return codec.type();
        }

        @Override
        public boolean isImmutable() {
            return codec.isImmutable();
        }

        @Override
        public T copy(T value) {
            return codec.copy(value);
        }

        @Override
        public String identity() {
            return codec.identity();
        }
    }
}
