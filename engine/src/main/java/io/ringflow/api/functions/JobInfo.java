package io.ringflow.api.functions;

/** The job a function runs in, as Flink 2's {@code RuntimeContext.getJobInfo()} gives it. */
public final class JobInfo {
    private final String jobId;
    private final String jobName;

    public JobInfo(String jobId, String jobName) {
        this.jobId = jobId;
        this.jobName = jobName;
    }

    /** The job's id, 32 hex digits (Flink's {@code JobID} as a string): the one {@code JobClient.jobId()} gives; the same across restarts. */
    public String getJobId() {
        return jobId;
    }

    public String getJobName() {
        return jobName;
    }

    @Override
    public String toString() {
        return jobName + " (" + jobId + ")";
    }
}
