package io.ringflow.bench.harness;

/**
 * Apache Flink's figures that the report prints beside Ringflow's, copied from their one source,
 * {@code WORKLOADS.md} (the workload definitions): Flink 2.3.0 local, parallelism 1, on the same
 * shared 2-core machine, measured 2026-11-21, medians. Every figure the report prints from here
 * names {@link #SOURCE}.
 */
final class FlinkFigures {
    /** Where the figures come from and when they were measured. */
    static final String SOURCE = "WORKLOADS.md: Flink 2.3.0 local, parallelism 1, same 2-core machine, "
        + "measured 2026-11-21, medians";
    /** The column header of a Flink figure. */
    static final String HEADER = "Flink 2.3 local (WORKLOADS.md, 2026-11-21)";

    static final String W1_ALIGNED = "4.87 M events/s";
    static final String W2_100K_UNALIGNED_P99_P999 = "1,436 / 3,910 µs";
    static final String W3_UNALIGNED_VS_ALIGNED = "18 ms vs 399 ms aligned (22×)";
    static final String W4_RECOVERY = "4,822 ms aligned / 4,754 ms unaligned (1 M keys), exactly-once yes";
    /**
     * Events in flight between Flink's two tasks: about 10 buffers of 32 KiB; W3's unaligned
     * checkpoints persisted 270–285 KiB, about 9 full buffers, about 11,000 events.
     */
    static final long IN_FLIGHT_EVENTS = 11_000;
    static final String IN_FLIGHT = "about 11,000 events in Flink's network buffers (about ten 32 KiB buffers; "
        + "its unaligned W3 checkpoints persisted 270–285 KiB)";

    private FlinkFigures() {
    }
}
