package io.ringflow.state;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.api.state.StateTtlConfig;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/**
 * The states of a backend that have a time-to-live, as Flink's {@code TtlStateFactory}: each is
 * registered as a state of the same name and kind whose values carry their time ({@link TtlValue}),
 * under a handle that applies the TTL rules.
 */
final class TtlStates<K> {
    private final HeapKeyedStateBackend<K> backend;

    TtlStates(HeapKeyedStateBackend<K> backend) {
        this.backend = backend;
    }

    <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) {
        StateTtlConfig ttl = descriptor.getTtlConfig();
        return register(new ValueStateDescriptor<>(descriptor.getName(), new TtlValueCodec<>(descriptor.getCodec())), ttl,
            r -> new TtlValueState<>(backend, cast(r), descriptor, ttl));
    }

    <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
        StateTtlConfig ttl = descriptor.getTtlConfig();
        return register(new ListStateDescriptor<>(descriptor.getName(), new TtlValueCodec<>(descriptor.getCodec())), ttl,
            r -> new TtlListState<>(backend, cast(r), ttl));
    }

    <UK, UV> MapState<UK, UV> map(MapStateDescriptor<UK, UV> descriptor) {
        StateTtlConfig ttl = descriptor.getTtlConfig();
        return register(new MapStateDescriptor<>(descriptor.getName(), descriptor.getKeyCodec(),
            new TtlValueCodec<>(descriptor.getCodec())), ttl, r -> new TtlMapState<>(backend, cast(r), ttl));
    }

    <T> ReducingState<T> reducing(ReducingStateDescriptor<T> descriptor) {
        StateTtlConfig ttl = descriptor.getTtlConfig();
        // the handle reduces the values itself; the stored descriptor's function is never called
        return register(new ReducingStateDescriptor<>(descriptor.getName(), (a, b) -> b,
            new TtlValueCodec<>(descriptor.getCodec())), ttl, r -> new TtlReducingState<>(backend, cast(r), descriptor, ttl));
    }

    <IN, ACC, OUT> AggregatingState<IN, OUT> aggregating(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        StateTtlConfig ttl = descriptor.getTtlConfig();
        return register(new AggregatingStateDescriptor<>(descriptor.getName(), new StoredOnly<IN, TtlValue<ACC>, OUT>(),
            new TtlValueCodec<>(descriptor.getCodec())), ttl, r -> new TtlAggregatingState<>(backend, cast(r), descriptor, ttl));
    }

    private <S extends AbstractTtlState<K, ?>> S register(StateDescriptor<?> stored, StateTtlConfig ttl,
                                                         java.util.function.Function<RegisteredKeyedState<K, ?>, S> handles) {
        stored.enableTimeToLive(ttl); // its snapshots leave expired values out with cleanupFullSnapshot
        S handle = backend.register(stored, handles);
        if (ttl.isIncrementalCleanupForEveryRecord()) {
            backend.cleanUpForEveryRecord(handle);
        }
        return handle;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> RegisteredKeyedState<K, V> cast(RegisteredKeyedState<K, ?> state) {
        return (RegisteredKeyedState<K, V>) state;
    }

    /** The aggregate function of a stored TTL accumulator's descriptor: the handle aggregates, this is never called. */
    private static final class StoredOnly<IN, ACC, OUT> implements AggregateFunction<IN, ACC, OUT> {
        @Override
        public ACC createAccumulator() {
            throw new UnsupportedOperationException("aggregated by the TTL state's handle");
        }

        @Override
        public ACC add(IN value, ACC accumulator) {
            throw new UnsupportedOperationException("aggregated by the TTL state's handle");
        }

        @Override
        public OUT getResult(ACC accumulator) {
            throw new UnsupportedOperationException("aggregated by the TTL state's handle");
        }

        @Override
        public ACC merge(ACC a, ACC b) {
            throw new UnsupportedOperationException("aggregated by the TTL state's handle");
        }
    }
}
