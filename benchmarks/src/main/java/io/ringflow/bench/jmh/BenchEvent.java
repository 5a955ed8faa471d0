package io.ringflow.bench.jmh;

/** The 24-byte record of the workloads (three longs), encoded by the engine's record codec. */
public record BenchEvent(long key, long value, long createdNanos) {
}
