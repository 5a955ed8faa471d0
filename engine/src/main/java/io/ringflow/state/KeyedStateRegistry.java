package io.ringflow.state;

import io.ringflow.api.state.State;
import io.ringflow.api.state.StateDescriptor;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keyed states of a backend by name, and the restored states no function has asked for
 * yet. Registration is where the same-name rules are enforced and where pending restored bytes
 * are decoded with the descriptor's codecs.
 */
final class KeyedStateRegistry<K> {
    private final HeapKeyedStateBackend<K> backend;
    private final SnapshotVersions versions;
    private final List<RegisteredKeyedState<K, ?>> states = new ArrayList<>();
    private final Map<String, RegisteredKeyedState<K, ?>> byName = new HashMap<>();
    private final Map<String, PendingKeyedState> pending = new HashMap<>();
    private List<AutoCloseable> viewed = List.of(); // hold the memory pending sections view, until a snapshot copies them

    KeyedStateRegistry(HeapKeyedStateBackend<K> backend, SnapshotVersions versions) {
        this.backend = backend;
        this.versions = versions;
    }

    /** The handle registered under the descriptor's name, created by {@code handleFactory} on first request. */
    @SuppressWarnings("unchecked")
    <S extends State> S register(StateDescriptor<?> descriptor, Function<RegisteredKeyedState<K, ?>, S> handleFactory) {
        RegisteredKeyedState<K, ?> existing = byName.get(descriptor.getName());
        if (existing != null) {
            existing.checkCompatible(descriptor);
            return (S) existing.handle;
        }
        int keyGroups = backend.getKeyGroupRange().size();
        RegisteredKeyedState<K, ?> state = new RegisteredKeyedState<>(descriptor, versions, keyGroups, backend.keyType(),
            backend.ttlTime());
        PendingKeyedState restored = pending.get(descriptor.getName());
        if (restored != null) {
            state.checkKind(restored.kind);
            KeyGroupBlockReader.load(restored, state, backend);
            pending.remove(descriptor.getName());
            if (pending.isEmpty()) {
                closeViewed(); // every restored state decoded: nothing views the files any more
            }
        }
        state.handle = handleFactory.apply(state);
        states.add(state);
        byName.put(descriptor.getName(), state);
        return (S) state.handle;
    }

    RegisteredKeyedState<K, ?> registeredOrNull(String name) {
        return byName.get(name);
    }

    /** Registered and pending restored states' names. */
    java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.TreeSet<>(byName.keySet());
        names.addAll(pending.keySet());
        return names;
    }

    /** The registered state {@code name}, or an error listing the registered names. */
    RegisteredKeyedState<K, ?> registered(String name) {
        RegisteredKeyedState<K, ?> state = byName.get(name);
        if (state == null) {
            throw new IllegalArgumentException("no keyed state named '" + name + "' is registered; "
                + "registered: " + byName.keySet());
        }
        return state;
    }

    /** The pending restored state {@code name}, created empty on first use. */
    PendingKeyedState pending(String name, StateDescriptor.Kind kind) {
        return pending.computeIfAbsent(name, n -> new PendingKeyedState(n, kind, backend.getKeyGroupRange().size()));
    }

    List<RegisteredKeyedState<K, ?>> states() {
        return states;
    }

    /**
     * The restored states not requested yet, for a snapshot: sections still viewing a checkpoint's
     * files are copied to the heap first and the files' mappings closed, since the snapshot's writer
     * reads them later on its own thread, and once this run checkpoints, retention may delete or
     * recycle the files they were restored from.
     */
    Collection<PendingKeyedState> pendingStates() {
        if (!viewed.isEmpty()) {
            pending.values().forEach(PendingKeyedState::copyViewsToHeap);
            closeViewed();
        }
        return pending.values();
    }

    /** Holds {@code holders} (what pending sections view) open until a snapshot or the last registration. */
    void closeWhenSettled(List<? extends AutoCloseable> holders) {
        List<AutoCloseable> all = new ArrayList<>(viewed);
        all.addAll(holders);
        viewed = all;
        if (pending.isEmpty()) {
            closeViewed();
        }
    }

    private void closeViewed() {
        List<AutoCloseable> holders = viewed;
        viewed = List.of();
        for (AutoCloseable holder : holders) {
            try {
                holder.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(KeyedStateRegistry.class).warn("cannot close restored state file {}", holder, e);
            }
        }
    }
}
