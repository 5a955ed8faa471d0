/**
 * Rings between tasks: one single-producer single-consumer Disruptor ring per (upstream subtask,
 * downstream subtask) whose slots are flyweights over one off-heap buffer ({@link io.ringflow.channel.SlotDescriptor}),
 * with checkpoint barrier markers kept beside the ring so they never need a slot.
 * <pre>
 *   producer: tryWriteRecord ─► [ slot | slot | slot | ... ] ─► poll :consumer
 *             emitBarrier    ─► [ marker queue: (checkpoint id, position) ]
 * </pre>
 */
package io.ringflow.channel;
