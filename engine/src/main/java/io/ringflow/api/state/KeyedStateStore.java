package io.ringflow.api.state;

/**
 * Creates or finds keyed state handles. Asking twice for the same name returns the same handle;
 * reusing a name with another kind or codec fails with an {@link IllegalStateException}.
 * Handles are confined to the task thread and scoped to the key currently being processed.
 */
public interface KeyedStateStore {
    /** The value state described by {@code descriptor}. */
    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    /** The list state described by {@code descriptor}. */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** The map state described by {@code descriptor}. */
    <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

    /** The reducing state described by {@code descriptor}. */
    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    /** The aggregating state described by {@code descriptor}. */
    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
