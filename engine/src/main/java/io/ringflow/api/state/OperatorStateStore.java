package io.ringflow.api.state;

/**
 * Creates or finds operator (non-keyed) list states: one list per parallel instance, which is
 * what a source keeps for its read positions. The two kinds differ only on restore with a
 * different parallelism.
 */
public interface OperatorStateStore {
    /**
     * A list state that is split on restore: the elements of all old instances are dealt out
     * round-robin over the new instances.
     */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** A list state that every new instance restores in full: the union of all old lists. */
    <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor);

    /**
     * The broadcast state of {@code descriptor}: a map every instance holds in full; on restore
     * each new instance gets one old instance's copy (see {@link BroadcastState}).
     */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
}
