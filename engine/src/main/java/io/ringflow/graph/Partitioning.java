package io.ringflow.graph;

/** How records of an edge are spread over the downstream subtasks. */
public enum Partitioning {
    /** Subtask i to subtask i; chained when nothing else prevents it. */
    FORWARD,
    /** By key group of the record's key ({@code keyBy}). */
    HASH,
    /** Round-robin over all downstream subtasks. */
    REBALANCE,
    /** Every record to every downstream subtask ({@code broadcast}). */
    BROADCAST,
    /** Each record to a downstream subtask chosen at random ({@code shuffle}). */
    SHUFFLE,
    /**
     * Round-robin over a subset of the downstream subtasks, as Flink's {@code rescale}: upstream
     * subtask i of U feeds subtasks [i·D/U, (i+1)·D/U) of D when D ≥ U, else subtask i·D/U.
     */
    RESCALE,
    /** Every record to downstream subtask 0 ({@code global}). */
    GLOBAL,
    /** By a user's partitioner of the record's key ({@code partitionCustom}); the edge's key selector is a {@link CustomPartitioning}. */
    CUSTOM
}
