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
    BROADCAST
}
