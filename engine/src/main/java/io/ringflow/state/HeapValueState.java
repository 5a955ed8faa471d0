package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/** {@link ValueState} on the heap: the value itself is stored per key. */
final class HeapValueState<K, T> extends AbstractHeapState<K, T> implements ValueState<T> {
    private final T defaultValue;
    private final Codec<T> codec;

    HeapValueState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, T> registered,
                   ValueStateDescriptor<T> descriptor) {
        super(backend, registered);
        this.defaultValue = descriptor.getDefaultValue();
        this.codec = descriptor.getCodec();
    }

    @Override
    public T value() {
        T value = current();
        if (value != null || defaultValue == null) {
            return value;
        }
        // A copy, so that changing the returned default in place cannot change it for other keys.
        return codec.isImmutable() ? defaultValue : codec.copy(defaultValue);
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else {
            store(value);
        }
    }
}
