package io.ringflow.bench.harness;

/**
 * How far the fixed-rate source ever fell behind its schedule (over the whole run, warm-up
 * included, as the workload defines it). Written only by the source task, and only when a
 * maximum grows; read by the harness.
 */
final class SourceStats {
    private volatile long maxLagNs;
    private volatile long maxBacklogEvents;

    void maxLagNs(long lagNs) {
        maxLagNs = lagNs;
    }

    void maxBacklog(long events) {
        maxBacklogEvents = events;
    }

    long maxLagNs() {
        return maxLagNs;
    }

    long maxBacklogEvents() {
        return maxBacklogEvents;
    }
}
