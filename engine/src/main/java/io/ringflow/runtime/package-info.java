/**
 * Running a job in this process: execution attempts with their threads and rings, wiring of
 * tasks, restarts and the job's end.
 */
package io.ringflow.runtime;
