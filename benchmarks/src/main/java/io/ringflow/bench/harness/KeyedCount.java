package io.ringflow.bench.harness;

/** What the keyed function emits after each event: the key's running count and sum. */
public record KeyedCount(long key, long count, long sum, long createdNanos) {
}
