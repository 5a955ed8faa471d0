package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.StateDescriptor;
import org.agrona.DirectBuffer;

import static io.ringflow.state.KeyGroupBlockDescriptor.BEGIN_MARKER;
import static io.ringflow.state.KeyGroupBlockDescriptor.END_MARKER;

/** Loads key group blocks (see {@link KeyGroupBlockDescriptor}) into a heap backend. */
final class KeyGroupBlockReader {
    private static final StateDescriptor.Kind[] KINDS = StateDescriptor.Kind.values();

    private KeyGroupBlockReader() {
    }

    /**
     * Decodes the sections of registered states and keeps the others as pending bytes: views of
     * {@code block} when {@code inPlace} (it must stay readable until they are decoded or copied), else copies.
     */
    static <K> void read(DirectBuffer block, int offset, int length, HeapKeyedStateBackend<K> backend, boolean inPlace) {
        BlockReader in = new BlockReader(block, offset, length, "keyed state block");
        in.expect(BEGIN_MARKER, "begin marker");
        int keyGroup = in.getInt();
        KeyGroupRange range = backend.getKeyGroupRange();
        if (!range.contains(keyGroup)) {
            throw new IllegalArgumentException("cannot restore key group " + keyGroup + " into a backend of "
                + range + ": restore only the key groups of KeyGroups.rangeForSubtask(...)");
        }
        int sections = in.getInt();
        for (int s = 0; s < sections; s++) {
            String name = in.getString();
            int kindByte = in.getByte();
            StateDescriptor.Kind kind = StateType.enumOf(kindByte, KINDS, in, "kind of state '" + name + "'");
            StateType type = StateType.isTyped(kindByte) ? StateType.read(in, kind) : null;
            boolean delta = StateType.isDelta(kindByte);
            int count = in.getInt();
            BlockReader entries = in.slice(in.getInt(), "keyed state block, state '" + name + "', key group " + keyGroup);
            RegisteredKeyedState<K, ?> state = backend.registry().registeredOrNull(name);
            if (state != null) {
                state.checkKind(kind);
                loadSection(state, type, keyGroup, delta, count, entries, backend);
            } else {
                int bytes = entries.remaining();
                backend.registry().pending(name, kind).add(kind, type, keyGroup - range.start(), inPlace
                    ? PendingKeyedState.Section.viewOf(delta, count, entries, bytes)
                    : PendingKeyedState.Section.copyOf(delta, count, entries, bytes));
            }
        }
        in.expect(END_MARKER, "end marker");
    }

    /**
     * Decodes the kept bytes of {@code pending} into the state just registered under its name.
     *
     * @throws IllegalStateException when the state's codec cannot read the type the bytes were written with
     */
    static <K, V> void load(PendingKeyedState pending, RegisteredKeyedState<K, V> state, HeapKeyedStateBackend<K> backend) {
        StateValueCodec<V> reader = state.readerFor(pending.type, backend.operatorUid());
        int start = backend.getKeyGroupRange().start();
        ParallelKeyGroups.forEach(pending.sections.length, pending.entries(), i -> {
            if (pending.sections[i] == null) {
                return;
            }
            for (PendingKeyedState.Section section : pending.sections[i]) {
                BlockReader in = new BlockReader(section.bytes(), 0, section.length(),
                    "restored state '" + pending.name + "', key group " + (start + i));
                loadEntries(state, reader, start + i, section.delta(), section.count(), in, backend);
            }
        });
    }

    private static <K, V> void loadSection(RegisteredKeyedState<K, V> state, StateType type, int keyGroup, boolean delta,
                                           int count, BlockReader in, HeapKeyedStateBackend<K> backend) {
        loadEntries(state, state.readerFor(type, backend.operatorUid()), keyGroup, delta, count, in, backend);
    }

    /** Puts a section's entries; a change section then removes the keys it lists as removed. */
    private static <K, V> void loadEntries(RegisteredKeyedState<K, V> state, StateValueCodec<V> reader, int keyGroup,
                                           boolean delta, int count, BlockReader in, HeapKeyedStateBackend<K> backend) {
        Codec<K> keyCodec = backend.keyCodec();
        StateMap<K, V> map = state.maps[keyGroup - backend.getKeyGroupRange().start()];
        map.ensureCapacity(count);
        if (map instanceof PrimitiveKeyStateMap<K, V> primitive && primitive.framesKeysAs(keyCodec)) {
            loadPrimitiveEntries(primitive, reader, keyGroup, count, in, backend);
        } else {
            for (int i = 0; i < count; i++) {
                loadEntry(map, keyCodec, reader, keyGroup, in, backend);
            }
        }
        if (delta) {
            int removed = in.getInt();
            for (int i = 0; i < removed; i++) {
                K key = in.getFramed(keyCodec);
                map.unload(key, mapHash(key, keyGroup, backend, in));
            }
        }
        if (in.hasRemaining()) {
            throw in.corrupt(in.remaining() + " bytes left after " + count + " entries");
        }
    }

    /** One entry of {@link #loadEntries}: a method of its own, compiled early as {@link #loadPrimitiveEntry}. */
    private static <K, V> void loadEntry(StateMap<K, V> map, Codec<K> keyCodec, StateValueCodec<V> reader, int keyGroup,
                                         BlockReader in, HeapKeyedStateBackend<K> backend) {
        K key = in.getFramed(keyCodec);
        V value = reader.read(in);
        map.load(key, mapHash(key, keyGroup, backend, in), value);
    }

    /**
     * As the loop of {@link #loadEntries}, reading each key as the built-in codec framed it: no box per key.
     * The loop only calls {@link #loadPrimitiveEntry}: a process's first restore runs this loop
     * interpreted until it is compiled on the stack, and a small method called per entry is compiled
     * after a few thousand calls, where the whole loop body waited for tens of thousands of iterations
     * (ColdRestoreBenchmark, 1 M keys: 113 / 137 ms with the body inline, 74 / 71 ms so).
     */
    private static <V> void loadPrimitiveEntries(PrimitiveKeyStateMap<?, V> map, StateValueCodec<V> reader, int keyGroup,
                                                 int count, BlockReader in, HeapKeyedStateBackend<?> backend) {
        boolean intKeys = map.intKeys();
        int firstKeyAt = in.position();
        for (int i = 0; i < count; i++) {
            loadPrimitiveEntry(map, reader, intKeys, in);
        }
        if (count > 0) {
            checkFirstKeyGroup(in, firstKeyAt, intKeys, keyGroup, backend);
        }
    }

    private static <V> void loadPrimitiveEntry(PrimitiveKeyStateMap<?, V> map, StateValueCodec<V> reader, boolean intKeys,
                                               BlockReader in) {
        int keyLength = intKeys ? Integer.BYTES : Long.BYTES;
        int length = in.getInt();
        if (length != keyLength) {
            throw in.corrupt("a key of " + length + " bytes where " + keyLength + " were written");
        }
        long k = intKeys ? in.getInt() : in.getLong();
        map.loadPrimitive(k, reader.read(in));
    }

    /**
     * The key group of a section's first key only, not of each (8 ns a key): a Long's or an
     * Integer's hash cannot change between runs and the stream's CRC32C was checked, so what can
     * move these keys (another maxParallelism, a block restored as another key group) moves them all.
     */
    private static void checkFirstKeyGroup(BlockReader in, int firstKeyAt, boolean intKeys, int keyGroup,
                                           HeapKeyedStateBackend<?> backend) {
        DirectBuffer buffer = in.buffer();
        int at = firstKeyAt + Integer.BYTES; // past the key's length
        long k = intKeys ? buffer.getInt(at, BlockWriter.ORDER) : buffer.getLong(at, BlockWriter.ORDER);
        int murmur = KeyGroups.murmurHash(intKeys ? Integer.hashCode((int) k) : Long.hashCode(k));
        if (murmur % backend.getMaxParallelism() != keyGroup) {
            throw movedKey(k, murmur, keyGroup, backend, in);
        }
    }

    private static int mapHash(Object key, int keyGroup, HeapKeyedStateBackend<?> backend, BlockReader in) {
        int murmur = KeyGroups.murmurHash(key.hashCode());
        if (murmur % backend.getMaxParallelism() != keyGroup) {
            throw movedKey(key, murmur, keyGroup, backend, in);
        }
        return HeapKeyedStateBackend.mapHash(key.hashCode());
    }

    private static IllegalStateException movedKey(Object key, int murmur, int keyGroup, HeapKeyedStateBackend<?> backend,
                                                  BlockReader in) {
        return in.corrupt("key " + key + " was saved in key group " + keyGroup + " but now hashes to "
            + (murmur % backend.getMaxParallelism()) + ": its hashCode() must not change between runs "
            + "(enums and identity hash codes do), and maxParallelism must stay the same");
    }
}
