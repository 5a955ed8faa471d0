package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.StateTtlConfig;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/** {@link ValueState} with a time-to-live: the value is stored with its last access time. */
final class TtlValueState<K, T> extends AbstractTtlState<K, TtlValue<T>> implements ValueState<T> {
    private final T defaultValue;
    private final Codec<T> codec;

    TtlValueState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, TtlValue<T>> registered,
                  ValueStateDescriptor<T> descriptor, StateTtlConfig config) {
        super(backend, registered, config);
        this.defaultValue = descriptor.getDefaultValue();
        this.codec = descriptor.getCodec();
    }

    @Override
    public T value() {
        cleanupOnAccess();
        TtlValue<T> stored = current();
        if (stored == null) {
            return defaultValue();
        }
        long now = now();
        if (expired(stored, now)) {
            clear();
            return returnExpired ? stored.value() : defaultValue();
        }
        if (updateOnRead) {
            store(new TtlValue<>(stored.value(), now));
        }
        return stored.value();
    }

    private T defaultValue() {
        return defaultValue == null || codec.isImmutable() ? defaultValue : codec.copy(defaultValue);
    }

    @Override
    public void update(T value) {
        cleanupOnAccess();
        if (value == null) {
            clear();
        } else {
            store(new TtlValue<>(value, now()));
        }
    }

    @Override
    TtlValue<T> unexpired(TtlValue<T> stored, long now) {
        return expired(stored, now) ? null : stored;
    }
}
