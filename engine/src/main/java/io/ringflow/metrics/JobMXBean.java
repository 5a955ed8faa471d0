package io.ringflow.metrics;

/** {@code io.ringflow:type=Job,job=NAME}: the job's status, checkpoints and restores. */
public interface JobMXBean {
    String getJobId();

    String getStatus();

    long getUptimeMs();

    int getRestarts();

    long getCheckpointsCompleted();

    /** Failed and expired checkpoints. */
    long getCheckpointsFailed();

    long getCheckpointsInProgress();

    /** -1 before the first completed checkpoint, as the three below. */
    long getLastCheckpointId();

    long getLastCheckpointDurationMs();

    /** State plus persisted in-flight bytes. */
    long getLastCheckpointSizeBytes();

    long getLastCheckpointCompletionTime();

    /** The checkpoint or savepoint the newest restore started from; -1 without one. */
    long getRestoredCheckpointId();

    /**
     * From the start of the newest restored attempt until every task opened its operators with
     * their restored state and entered its loop; -1 without a restore, or while it is under way.
     */
    long getRestoreDurationMs();

    /** In-flight records of unaligned checkpoints the restores re-injected. */
    long getReplayedInFlightRecords();

    /** Late records dropped by the running attempt's tasks, their {@code NumLateRecordsDropped} summed. */
    long getNumLateRecordsDropped();
}
