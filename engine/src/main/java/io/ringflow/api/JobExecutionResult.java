package io.ringflow.api;

/** What a finished job reports. */
public record JobExecutionResult(String jobId, String jobName, JobStatus status, long netRuntimeMs) {
}
