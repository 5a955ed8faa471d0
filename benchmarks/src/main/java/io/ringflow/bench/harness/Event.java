package io.ringflow.bench.harness;

/** The workloads' event: 3 × 8 bytes on the ring; {@code createdNanos} is read just before emission. */
public record Event(long key, long value, long createdNanos) {
}
