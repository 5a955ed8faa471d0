/**
 * Checkpoints: barrier handling in every mode, the coordinator, asynchronous snapshot writing,
 * in-flight capture of unaligned checkpoints, and what an operator gets back on restore.
 */
package io.ringflow.checkpoint;
