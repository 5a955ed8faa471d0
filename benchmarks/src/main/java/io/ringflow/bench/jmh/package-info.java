/**
 * JMH micro-benchmarks of the ring between two tasks, of checkpoint barriers and of allocation per record.
 * <pre>
 *   RingThroughputBenchmark      producer ──► Channel ──► consumer thread        records/s, one hop
 *   PingPongLatencyBenchmark     caller ──ping──► echo thread ──pong──► caller   round-trip time
 *   RingCaptureBenchmark         ring bytes ──getBytes──► off-heap copy           cost of capturing in-flight data
 *   BarrierLatencyBenchmark      trigger ─► KeySource ══keyBy══► count ─► BarrierProbe   barrier crossing time
 *   CheckpointDurationBenchmark  trigger ─► same job ─► snapshot files written            end-to-end duration
 *   AllocationBenchmark          one hop as above; events ══keyBy══► count (ValueState) ─► discard   bytes/record (-prof gc)
 * </pre>
 * Each benchmark owns its background threads, jobs and ring memory and frees them in
 * {@code @TearDown}: jobs are cancelled and their checkpoint directories deleted.
 */
package io.ringflow.bench.jmh;
