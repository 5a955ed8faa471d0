/**
 * JMH micro-benchmarks of the ring between two tasks.
 * <pre>
 *   RingThroughputBenchmark   producer ──► Channel ──► consumer thread        records/s, one hop
 *   PingPongLatencyBenchmark  caller ──ping──► echo thread ──pong──► caller   round-trip time
 *   RingCaptureBenchmark      ring bytes ──getBytes──► off-heap copy           cost of capturing in-flight data
 * </pre>
 * Each benchmark owns its background threads and ring memory and frees both in {@code @TearDown}.
 */
package io.ringflow.bench.jmh;
