package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.CodecCompatibility;
import io.ringflow.api.codec.IncompatibleCodecException;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.State;
import io.ringflow.api.state.StateDescriptor;

/**
 * One registered keyed state: its descriptor, the user-facing handle and one {@link StateMap}
 * per key group of the backend's range, indexed by {@code keyGroup - range.start()}.
 */
final class RegisteredKeyedState<K, V> {
    final StateDescriptor<?> descriptor;
    final StateValueCodec<V> values;
    final StateType type;
    final StateMap<K, V>[] maps;
    State handle;

    @SuppressWarnings("unchecked")
    RegisteredKeyedState(StateDescriptor<?> descriptor, SnapshotVersions versions, int keyGroups, Class<?> keyType,
                         java.util.function.LongSupplier ttlTimeMs) {
        this.descriptor = descriptor;
        StateValueCodec<V> own = (StateValueCodec<V>) StateValueCodec.forDescriptor(descriptor);
        io.ringflow.api.state.StateTtlConfig ttl = descriptor.getTtlConfig();
        this.values = ttl.isEnabled() && ttl.isCleanupInFullSnapshot()
            ? new TtlSnapshotFilter<>(own, descriptor.getKind(), ttl.getTtl().toMillis(), ttlTimeMs) : own;
        this.type = StateType.of(descriptor);
        this.maps = (StateMap<K, V>[]) new StateMap<?, ?>[keyGroups];
        for (int i = 0; i < keyGroups; i++) {
            maps[i] = StateMap.create(versions, values, keyType);
        }
    }

    String name() {
        return descriptor.getName();
    }

    /** Fails unless {@code requested} is the same kind with the same codecs as the registered one. */
    void checkCompatible(StateDescriptor<?> requested) {
        if (requested.getKind() != descriptor.getKind()) {
            throw new IllegalStateException("state '" + name() + "' is already registered as "
                + descriptor.getKind() + " state and cannot be requested as " + requested.getKind()
                + " state: use another name");
        }
        boolean sameCodecs = sameCodec(descriptor.getCodec(), requested.getCodec());
        if (descriptor instanceof MapStateDescriptor<?, ?> map) {
            sameCodecs &= sameCodec(map.getKeyCodec(), ((MapStateDescriptor<?, ?>) requested).getKeyCodec());
        }
        if (!sameCodecs) {
            throw new IllegalStateException("state '" + name() + "' is already registered with "
                + descriptor + " and cannot be requested with " + requested
                + ": a state keeps one codec; use another name");
        }
    }

    /** Fails unless a snapshot section of {@code kind} may be loaded into this state. */
    void checkKind(StateDescriptor.Kind kind) {
        if (kind != descriptor.getKind()) {
            throw new IllegalStateException("state '" + name() + "' was checkpointed as " + kind
                + " state but is now registered as " + descriptor.getKind() + " state; register it as " + kind
                + " state again, or give the " + descriptor.getKind() + " state another name (migrate the old values"
                + " into it, or drop them with another operator uid and setAllowNonRestoredState(true))");
        }
    }

    /**
     * What decodes entries snapshotted with type {@code written}: this state's own codec when the
     * type is the same or unknown (a snapshot written before types were stored), an evolving one
     * for a record with components added or removed.
     *
     * @throws IllegalStateException naming the state, the operator, both types and the fix
     */
    @SuppressWarnings("unchecked")
    StateValueCodec<V> readerFor(StateType written, String operatorUid) {
        if (written == null || written.equals(type)) {
            return values;
        }
        try {
            Codec<?> value = CodecCompatibility.readerFor(written.value(), descriptor.getCodec());
            Codec<?> mapKey = descriptor instanceof MapStateDescriptor<?, ?> map
                ? CodecCompatibility.readerFor(written.mapKey(), map.getKeyCodec()) : null;
            return (StateValueCodec<V>) StateValueCodec.of(descriptor.getKind(), mapKey, value);
        } catch (IncompatibleCodecException e) {
            throw StateCompatibility.mismatch("keyed state", name(), operatorUid, written, type, e.getMessage());
        }
    }

    int size() {
        int size = 0;
        for (StateMap<K, V> map : maps) {
            size += map.size();
        }
        return size;
    }

    /** Codecs are the same when equal, or of one class for one type (two instances of a codec class). */
    static boolean sameCodec(Codec<?> a, Codec<?> b) {
        return a == b || a.equals(b) || (a.getClass() == b.getClass() && a.type() == b.type());
    }
}
