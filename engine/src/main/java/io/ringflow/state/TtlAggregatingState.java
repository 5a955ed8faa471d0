package io.ringflow.state;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.StateTtlConfig;

/** {@link AggregatingState} with a time-to-live: an expired accumulator starts again from a new one. */
final class TtlAggregatingState<K, IN, ACC, OUT> extends AbstractTtlState<K, TtlValue<ACC>> implements AggregatingState<IN, OUT> {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final String name;

    TtlAggregatingState(HeapKeyedStateBackend<K> backend, RegisteredKeyedState<K, TtlValue<ACC>> registered,
                        AggregatingStateDescriptor<IN, ACC, OUT> descriptor, StateTtlConfig config) {
        super(backend, registered, config);
        this.aggregateFunction = descriptor.getAggregateFunction();
        this.name = descriptor.getName();
    }

    @Override
    public OUT get() {
        cleanupOnAccess();
        TtlValue<ACC> stored = current();
        if (stored == null) {
            return null;
        }
        long now = now();
        if (expired(stored, now)) {
            clear();
            return returnExpired ? aggregateFunction.getResult(stored.value()) : null;
        }
        if (updateOnRead) {
            store(new TtlValue<>(stored.value(), now));
        }
        return aggregateFunction.getResult(stored.value());
    }

    @Override
    public void add(IN value) {
        cleanupOnAccess();
        TtlValue<ACC> stored = current();
        long now = now();
        ACC accumulator = stored == null || expired(stored, now) ? aggregateFunction.createAccumulator() : stored.value();
        ACC added = aggregateFunction.add(value, accumulator);
        if (added == null) {
            throw new IllegalStateException("aggregate function of state '" + name + "' returned a null accumulator");
        }
        store(new TtlValue<>(added, now));
    }

    @Override
    TtlValue<ACC> unexpired(TtlValue<ACC> stored, long now) {
        return expired(stored, now) ? null : stored;
    }
}
