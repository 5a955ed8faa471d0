package io.ringflow.graph;

import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.Partitioner;
import io.ringflow.operator.Rethrow;

/** The key selector and partitioner of a {@link Partitioning#CUSTOM} edge; the edge's key selector. */
public final class CustomPartitioning<T, K> implements KeySelector<T, K> {
    private static final long serialVersionUID = 1L;

    private final Partitioner<K> partitioner;
    private final KeySelector<T, K> keySelector;

    public CustomPartitioning(Partitioner<K> partitioner, KeySelector<T, K> keySelector) {
        this.partitioner = partitioner;
        this.keySelector = keySelector;
    }

    @Override
    public K getKey(T value) throws Exception {
        return keySelector.getKey(value);
    }

    /** The subtask of {@code record} among {@code subtasks}; a number out of range fails, naming it. */
    public int subtaskOf(T record, int subtasks, String where) {
        int subtask;
        try {
            subtask = partitioner.partition(keySelector.getKey(record), subtasks);
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
        if (subtask < 0 || subtask >= subtasks) {
            throw new IllegalStateException("the partitioner of partitionCustom after " + where + " returned " + subtask
                + " for record " + record + ", not a subtask number in [0, " + subtasks + ")");
        }
        return subtask;
    }
}
