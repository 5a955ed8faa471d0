package io.ringflow.bench.harness;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

/**
 * W4's sink: keeps the last emitted {@code (count, sum)} of every key in two arrays indexed by
 * key. The keyed function emits after every update, so the last pair is the key's final state;
 * after a restore the replayed records overwrite what the failed attempt wrote. The sink object
 * is shared by every attempt (the engine makes a new writer per attempt, not a new sink).
 */
final class CaptureSink implements Sink<KeyedCount> {
    private static final long serialVersionUID = 1L;
    private final transient long[] counts;
    private final transient long[] sums;

    CaptureSink(int keys) {
        counts = new long[keys];
        sums = new long[keys];
    }

    @Override
    public SinkWriter<KeyedCount> createWriter(SinkContext context) {
        return (record, timestamp) -> {
            int key = (int) record.key();
            counts[key] = record.count();
            sums[key] = record.sum();
        };
    }

    /** Read after the job ended (its threads joined), so plain reads see the last writes. */
    long[] counts() {
        return counts;
    }

    long[] sums() {
        return sums;
    }
}
