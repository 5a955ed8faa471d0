package io.ringflow.operator;

import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReadOnlyBroadcastState;
import io.ringflow.state.OperatorStateBackend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broadcast states an operator was given with {@code broadcast(descriptors)}: all registered
 * when it opens (so a restored copy is kept even if unread), and found by descriptor, which must
 * be one of those given.
 */
final class BroadcastStates {
    private final Map<String, MapStateDescriptor<?, ?>> declared = new LinkedHashMap<>();
    private final Map<String, BroadcastState<?, ?>> states = new LinkedHashMap<>();
    private final Map<String, ReadOnlyBroadcastState<?, ?>> readOnly = new LinkedHashMap<>();

    BroadcastStates(List<MapStateDescriptor<?, ?>> descriptors) {
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            declared.put(descriptor.getName(), descriptor);
        }
    }

    void open(OperatorStateBackend backend) {
        for (MapStateDescriptor<?, ?> descriptor : declared.values()) {
            BroadcastState<?, ?> state = backend.getBroadcastState(descriptor);
            states.put(descriptor.getName(), state);
            readOnly.put(descriptor.getName(), new ReadOnlyView<>(state));
        }
    }

    @SuppressWarnings("unchecked")
    <K, V> BroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) {
        check(descriptor);
        return (BroadcastState<K, V>) states.get(descriptor.getName());
    }

    @SuppressWarnings("unchecked")
    <K, V> ReadOnlyBroadcastState<K, V> getReadOnly(MapStateDescriptor<K, V> descriptor) {
        check(descriptor);
        return (ReadOnlyBroadcastState<K, V>) readOnly.get(descriptor.getName());
    }

    private void check(MapStateDescriptor<?, ?> descriptor) {
        MapStateDescriptor<?, ?> given = declared.get(descriptor.getName());
        if (given == null) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' was not given to "
                + "broadcast(...), which has " + declared.keySet() + "; pass its descriptor to broadcast(descriptors...)");
        }
        if (!given.getKeyCodec().identity().equals(descriptor.getKeyCodec().identity())
            || !given.getCodec().identity().equals(descriptor.getCodec().identity())) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' is requested as a map of "
                + describe(descriptor) + " but broadcast(...) gave it as a map of " + describe(given)
                + "; use the descriptor given to broadcast(...)");
        }
    }

    private static String describe(MapStateDescriptor<?, ?> descriptor) {
        return descriptor.getKeyCodec().identity() + " to " + descriptor.getCodec().identity();
    }

    /** What the non-broadcast side gets: reads only, so that every subtask's copy stays the same. */
    private record ReadOnlyView<K, V>(BroadcastState<K, V> state) implements ReadOnlyBroadcastState<K, V> {
        @Override
        public V get(K key) throws Exception {
            return state.get(key);
        }

        @Override
        public boolean contains(K key) throws Exception {
            return state.contains(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() throws Exception {
            return state.immutableEntries();
        }

        @Override
        public void clear() {
            throw new UnsupportedOperationException("the broadcast state is read-only on the non-broadcast side; "
                + "change it in processBroadcastElement, which every subtask runs alike");
        }
    }
}
