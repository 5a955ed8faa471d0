package io.ringflow.state;

import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.StateTtlConfig;

import java.util.Objects;

/** {@link ReducingState} with a time-to-live: an expired reduction starts again from the next value. */
final class TtlReducingState<K, T> extends AbstractTtlState<K, TtlValue<T>> implements ReducingState<T> {
    private final ReduceFunction<T> reduceFunction;
    private final String name;

    TtlReducingState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, TtlValue<T>> registered,
                     ReducingStateDescriptor<T> descriptor, StateTtlConfig config) {
        super(backend, registered, config);
        this.reduceFunction = descriptor.getReduceFunction();
        this.name = descriptor.getName();
    }

    @Override
    public T get() {
        cleanupOnAccess();
        TtlValue<T> stored = current();
        if (stored == null) {
            return null;
        }
        long now = now();
        if (expired(stored, now)) {
            clear();
            return returnExpired ? stored.value() : null;
        }
        if (updateOnRead) {
            store(new TtlValue<>(stored.value(), now));
        }
        return stored.value();
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, () -> "reducing state '" + name + "' does not take null values");
        cleanupOnAccess();
        TtlValue<T> stored = current();
        long now = now();
        if (stored == null || expired(stored, now)) {
            store(new TtlValue<>(value, now));
            return;
        }
        T reduced = HeapReducingState.reduce(reduceFunction, name, stored.value(), value);
        store(new TtlValue<>(reduced, now));
    }

    @Override
    TtlValue<T> unexpired(TtlValue<T> stored, long now) {
        return expired(stored, now) ? null : stored;
    }
}
