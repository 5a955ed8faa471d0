package io.ringflow.bench.harness;

/**
 * The report's table of each workload: which figures it shows, each the median over the
 * variant's repeats. Latencies in µs, checkpoint durations in ms, sizes in bytes.
 */
final class WorkloadTables {
    private static final String LOAD = "load 1 min";
    /** The 1-minute load average when the run's window (W4: its job) started. */
    private static final String LOAD_PATH = "load_avg.start.0";

    private WorkloadTables() {
    }

    static MarkdownTable forWorkload(String workload) {
        return switch (workload) {
            case "w1" -> latency(new MarkdownTable().median("events/s", "events_per_s", "%,.0f")
                .median("ckpts", "checkpoints.completed", "%.0f")
                .median("ckpt p50 ms", "checkpoints.duration_ms_p50", "%,.0f")
                .median("ckpt max ms", "checkpoints.duration_ms_max", "%,.0f"))
                .median("GC n", "gc.count", "%.0f")
                .median("GC max pause ms", "gc.max_pause_ms", "%,.0f")
                .median("alloc B/event", "alloc_bytes_per_event", "%,.1f")
                .median("ckpt-thread alloc B/event", "checkpoint_alloc_bytes_per_event", "%,.1f")
                .median("CPU busy %", "cpu.busy_pct", "%.0f")
                .median("steal %", "cpu.steal_pct", "%.1f")
                .median(LOAD, LOAD_PATH, "%.2f");
            // The source's lag in the window beside the percentiles: events it could not emit on time are
            // not in them (coordinated omission). Lag columns show the worst repeat, not the median.
            case "w2" -> new MarkdownTable().median("events/s", "events_per_s", "%,.0f")
                .column("kept rate", "---", runs -> MarkdownTable.countTrue(runs, "kept_rate"))
                .median("p50 µs", "latency_us.p50", "%,.1f")
                .median("p99 µs", "latency_us.p99", "%,.1f")
                .median("p99.9 µs", "latency_us.p99_9", "%,.1f")
                .median("max µs", "latency_us.max", "%,.1f")
                .max("lag in window max ms (worst)", "source_lag.max_ms", "%,.2f")
                .max("lag in window max events (worst)", "source_lag.max_events", "%,.0f")
                .max("lag at window end ms (worst)", "source_lag.end_ms", "%,.2f")
                .median("ckpts", "checkpoints.completed", "%.0f")
                .median("ckpt p50 ms", "checkpoints.duration_ms_p50", "%,.0f")
                .max("lag incl. warm-up max ms (worst)", "source_max_lag_ms", "%,.2f")
                .median("GC max pause ms", "gc.max_pause_ms", "%,.0f")
                .median("CPU busy %", "cpu.busy_pct", "%.0f")
                .median(LOAD, LOAD_PATH, "%.2f");
            case "w3", "w3f" -> new MarkdownTable().median("ring slots", "ring_size", "%,.0f")
                .median("events/s", "events_per_s", "%,.0f")
                .median("ckpts", "checkpoints.completed", "%.0f")
                .median("ckpt p50 µs", "checkpoints.duration_us_p50", "%,.0f")
                .median("ckpt max µs", "checkpoints.duration_us_max", "%,.0f")
                .median("complete p50 µs", "checkpoints.completion_us_p50", "%,.0f")
                .median("start delay p50 µs", "checkpoints.start_delay_us_p50", "%,.0f")
                .median("async p50 ms", "checkpoints.async_ms_p50", "%,.0f")
                .median("size p50 B", "checkpoints.size_bytes_p50", "%,.0f")
                .median("size max B", "checkpoints.size_bytes_max", "%,.0f")
                .median("in-flight p50 B", "checkpoints.inflight_bytes_p50", "%,.0f")
                .median("in-flight max B", "checkpoints.inflight_bytes_max", "%,.0f")
                .median("latency p50 µs", "latency_us.p50", "%,.0f")
                .median("latency max µs", "latency_us.max", "%,.0f")
                .median(LOAD, LOAD_PATH, "%.2f");
            case "w4" -> new MarkdownTable().median("keys", "keys", "%,.0f").median("events", "events", "%,.0f")
                .column("exactly once", "---", runs -> MarkdownTable.countTrue(runs, "exactly_once"))
                .median("wrong keys vs baseline", "wrong_keys_vs_baseline", "%,.0f")
                .median("wrong keys vs formula", "wrong_keys_vs_formula", "%,.0f")
                .median("recovery ms", "recovery_ms", "%,.1f")
                .median("throw → open ms", "throw_to_open_ms", "%,.1f")
                .median("failure after s", "failure_after_s", "%,.2f")
                .median("records before failure", "records_before_failure", "%,.0f")
                .median("restored ckpt", "restored_checkpoint_id", "%.0f")
                .median("restored B", "restored_checkpoint_bytes", "%,.0f")
                .median("reprocessed", "records_reprocessed", "%,.0f")
                .median("job s", "job_wall_s", "%,.1f")
                .median("ckpt p50 ms", "checkpoints.duration_ms_p50", "%,.0f")
                .median(LOAD, LOAD_PATH, "%.2f");
            // Latency here is visibility: event creation → the record read, committed, by the reader.
            case "w5" -> latency(new MarkdownTable().median("events/s", "events_per_s", "%,.0f")
                .column("kept up", "---", runs -> MarkdownTable.countTrue(runs, "kept_up")))
                .column("count check ok", "---", runs -> MarkdownTable.countTrue(runs, "exactly_once"))
                .median("ckpts", "checkpoints.completed", "%.0f")
                .median("ckpt p50 ms", "checkpoints.duration_ms_p50", "%,.0f")
                .median("ckpt max ms", "checkpoints.duration_ms_max", "%,.0f")
                .max("lag in window max ms (worst)", "source_lag.max_ms", "%,.2f")
                .median("GC max pause ms", "gc.max_pause_ms", "%,.0f")
                .median("steal %", "cpu.steal_pct", "%.1f")
                .median(LOAD, LOAD_PATH, "%.2f");
            default -> latency(new MarkdownTable().median("events/s", "events_per_s", "%,.0f"));
        };
    }

    private static MarkdownTable latency(MarkdownTable table) {
        return table.median("p50 µs", "latency_us.p50", "%,.1f")
            .median("p99 µs", "latency_us.p99", "%,.1f")
            .median("p99.9 µs", "latency_us.p99_9", "%,.1f")
            .median("max µs", "latency_us.max", "%,.1f");
    }
}
