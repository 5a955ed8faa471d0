package io.ringflow.api.functions;

/**
 * Picks the subtask of the next operator for a key, as Flink's {@code Partitioner}: used with
 * {@code DataStream.partitionCustom}; must return a number in {@code [0, numPartitions)}.
 */
@FunctionalInterface
public interface Partitioner<K> extends Function {
    int partition(K key, int numPartitions);
}
