package io.ringflow.api;

/** Life cycle of a job, Flink's names. */
public enum JobStatus {
    CREATED, RUNNING, FAILING, RESTARTING, CANCELLING, FINISHED, FAILED, CANCELED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}
