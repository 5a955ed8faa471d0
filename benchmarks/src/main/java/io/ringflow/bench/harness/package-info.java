/**
 * The load harness: the standard workloads W1–W5 of {@code WORKLOADS.md}, one JVM per run.
 * <pre>
 *   Harness ─plan─► Workload (W1Throughput, W2FixedRate, W3Backpressure, W4Recovery, W5Visibility) ─► RunSpec per variant
 *           ─run──► Pipeline (SequenceSource ─► map ══keyBy══► CountAndSum ─► LatencySink)
 *                   MeasuredWindow (warm-up, reset, measure, cancel; GcMonitor, AllocationMonitor: the job threads'
 *                                   allocated bytes per event, CpuStat, LoadAvg, CheckpointFigures,
 *                                   SourceStats: the fixed-rate source's lag in the window;
 *                                   W3: TraceFigures from the checkpoints' traces)
 *                   W4Job (bounded source ─► ... ─► FailingCountAndSum ─► CaptureSink; RecoveryProbe, KeyCheck)
 *                   W5Visibility (... ─► ChronicleLogSink.exactlyOnce; VisibilityReader tails it read-committed,
 *                                 a LatencyProbe like LatencySink; CheckpointHistory keeps every checkpoint's statistics)
 *           ─report► results.json, report.md (TargetsTable with FlinkFigures, WorkloadTables), latency-MODE.svg (LatencyPlot),
 *                    w3-checkpoints.svg/.csv (CheckpointPlot), w3-waterfall-*.svg (W3Waterfalls, Waterfall: the median
 *                    checkpoint's trace, from TraceFigures), JMH table (JmhTable)
 * </pre>
 * The checkpointing mode is a parameter of every run ({@link io.ringflow.bench.harness.CheckpointMode}):
 * files in a fresh temporary directory per job ({@link io.ringflow.bench.harness.CheckpointDir}),
 * deleted after it.
 */
package io.ringflow.bench.harness;
