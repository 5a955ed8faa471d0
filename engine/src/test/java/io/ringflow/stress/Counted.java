package io.ringflow.stress;

/** What the keyed operator emits: a source value, its key, and how many records of that key it has counted so far. */
record Counted(long key, long value, long count) {
}
