package io.ringflow.bench.harness;

import org.HdrHistogram.Recorder;

/**
 * Where a measured window reads its records: how many arrived, and their latency in ns. The
 * latency sink of W1–W3 is one; W5's read-committed reader is another.
 */
public interface LatencyProbe {
    /** Records counted so far, written by one thread and readable by any. */
    long count();

    Recorder latencyRecorder();
}
