/**
 * Running a job in this process: execution attempts with their threads and rings, restarts,
 * restore from checkpoints and savepoints, and re-injection of in-flight records.
 */
package io.ringflow.runtime;
