/**
 * Tasks: one thread per (chain, subtask) looping over its mailbox, due processing-time work and
 * a batch of input no larger than the room in its output rings; input gates, network outputs,
 * backpressure and the watermark valve.
 */
package io.ringflow.task;
