package io.ringflow.restore;

import io.ringflow.api.RestoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Collects the phases of one restore as the tasks of an attempt report them, and hands the
 * result on once every task has its state and its in-flight records back. Thread-safe: each task
 * reports from its own thread.
 */
public final class RestoreTimings {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreTimings.class);
    private final String jobName;
    private final long checkpointId;
    private final long metadataNanos;
    private final long startNanos;
    private final Consumer<RestoreStats> onComplete;
    private int statesPending;
    private int replaysPending;
    private long slowestStateNanos;
    private long slowestReplayNanos;

    /**
     * @param metadataNanos time spent reading and checking the checkpoint before the attempt
     * @param startNanos    {@link System#nanoTime()} when the restore began, metadata included
     */
    public RestoreTimings(String jobName, long checkpointId, long metadataNanos, long startNanos, int tasks,
                          Consumer<RestoreStats> onComplete) {
        this.jobName = jobName;
        this.checkpointId = checkpointId;
        this.metadataNanos = metadataNanos;
        this.startNanos = startNanos;
        this.statesPending = tasks;
        this.replaysPending = tasks;
        this.onComplete = onComplete;
    }

    /** A task's operators opened with their restored state, in {@code nanos}. */
    public synchronized void stateRestored(long nanos) {
        slowestStateNanos = Math.max(slowestStateNanos, nanos);
        statesPending--;
        completeIfDone();
    }

    /** A task replayed its restored in-flight records (none counts), in {@code nanos}. */
    public synchronized void inFlightReplayed(long nanos) {
        slowestReplayNanos = Math.max(slowestReplayNanos, nanos);
        replaysPending--;
        completeIfDone();
    }

    private void completeIfDone() {
        if (statesPending != 0 || replaysPending != 0) {
            return;
        }
        RestoreStats stats = new RestoreStats(checkpointId, metadataNanos / 1_000, slowestStateNanos / 1_000,
            slowestReplayNanos / 1_000, (System.nanoTime() - startNanos) / 1_000);
        LOG.info("job '{}': restored checkpoint {} in {} ms: metadata and checks {} ms, state {} ms, in-flight replay {} ms "
            + "(slowest task of each phase)", jobName, checkpointId, millis(stats.totalMicros()),
            millis(stats.metadataMicros()), millis(stats.stateMicros()), millis(stats.inFlightMicros()));
        onComplete.accept(stats);
    }

    private static String millis(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }
}
