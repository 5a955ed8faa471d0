/**
 * The logical dataflow ({@link io.ringflow.graph.StreamGraph}) and the execution plan that
 * resolves parallelism, fuses operators into chains and picks the codec of every ring.
 */
package io.ringflow.graph;
