/**
 * The load harness: the standard workloads W1–W4 of {@code WORKLOADS.md}, one JVM per run.
 * <pre>
 *   Harness ─plan─► Workload (W1Throughput, W2FixedRate) ─► RunSpec per variant (mode, rate, repeat)
 *           ─run──► Pipeline (SequenceSource ─► map ══keyBy══► CountAndSum ─► latency sink)
 *                   MeasuredWindow (warm-up, reset, measure, cancel; GcMonitor, CpuStat) ─► run object
 *           ─report► results.json, report.md, latency.svg (LatencyPlot), JMH table (JmhTable)
 * </pre>
 * Checkpointing modes are a parameter of every run ({@link io.ringflow.bench.harness.CheckpointMode});
 * those the engine cannot run yet yield a run object with an error instead of figures.
 */
package io.ringflow.bench.harness;
