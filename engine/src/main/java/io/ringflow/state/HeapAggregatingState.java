package io.ringflow.state;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;

/** {@link AggregatingState} on the heap: the accumulator is stored per key. */
final class HeapAggregatingState<K, IN, ACC, OUT> extends AbstractHeapState<K, ACC> implements AggregatingState<IN, OUT> {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final String name;

    HeapAggregatingState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, ACC> registered,
                         AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        super(backend, registered);
        this.aggregateFunction = descriptor.getAggregateFunction();
        this.name = descriptor.getName();
    }

    @Override
    public OUT get() {
        ACC accumulator = current();
        return accumulator == null ? null : aggregateFunction.getResult(accumulator);
    }

    @Override
    public void add(IN value) {
        ACC accumulator = current();
        if (accumulator == null) {
            accumulator = aggregateFunction.createAccumulator();
        }
        ACC added = aggregateFunction.add(value, accumulator);
        if (added == null) {
            throw new IllegalStateException("aggregate function of state '" + name + "' returned a null accumulator");
        }
        // Stored even when added in place: the copy-on-write map must see the write to snapshot it.
        store(added);
    }
}
