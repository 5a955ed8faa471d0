package io.ringflow.state;

import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;

import java.util.Objects;

/** {@link ReducingState} on the heap: the reduced value is stored per key. */
final class HeapReducingState<K, T> extends AbstractHeapState<K, T> implements ReducingState<T> {
    private final ReduceFunction<T> reduceFunction;
    private final String name;

    HeapReducingState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, T> registered,
                      ReducingStateDescriptor<T> descriptor) {
        super(backend, registered);
        this.reduceFunction = descriptor.getReduceFunction();
        this.name = descriptor.getName();
    }

    @Override
    public T get() {
        return current();
    }

    @Override
    public void add(T value) {
        Objects.requireNonNull(value, () -> "reducing state '" + name + "' does not take null values");
        T accumulated = current();
        if (accumulated == null) {
            store(value);
            return;
        }
        store(reduce(reduceFunction, name, accumulated, value));
    }

    /** {@code reduceFunction} applied, its checked exceptions and a null result named as the state's. */
    static <T> T reduce(ReduceFunction<T> reduceFunction, String name, T accumulated, T value) {
        T reduced;
        try {
            reduced = reduceFunction.reduce(accumulated, value);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("reduce function of state '" + name + "' failed", e);
        }
        if (reduced == null) {
            throw new IllegalStateException("reduce function of state '" + name + "' returned null");
        }
        return reduced;
    }
}
