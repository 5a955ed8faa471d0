/**
 * The asynchronous part of checkpoints, on the job's snapshot-writer thread: a task's pinned
 * state and held in-flight slots written to storage, then an acknowledgement to the coordinator.
 */
package io.ringflow.snapshot;
