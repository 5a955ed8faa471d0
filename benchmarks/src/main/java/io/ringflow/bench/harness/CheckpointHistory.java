package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.JobClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every settled checkpoint of a job, gathered by sampling {@code JobClient.checkpointStats()}
 * (and, when asked, {@code checkpointTraces()}): the job keeps only its newest 1,000 of each,
 * which at a 1 ms interval is one second. Sampled every 250 ms or sooner, nothing is lost;
 * {@link CheckpointFigures} counts the ids missing anyway. Traces are kept as columns of their
 * phases, not whole.
 */
final class CheckpointHistory {
    private final JobClient job;
    private final boolean withTraces;
    private final Map<Long, CheckpointStats> settled = new TreeMap<>();
    private final TraceFigures.Columns traces = new TraceFigures.Columns(); // not whole traces: see Columns

    CheckpointHistory(JobClient job) {
        this(job, false);
    }

    /** @param withTraces also keep every checkpoint's trace (W3's waterfall) */
    CheckpointHistory(JobClient job, boolean withTraces) {
        this.job = job;
        this.withTraces = withTraces;
    }

    void sample() {
        for (CheckpointStats stats : job.checkpointStats()) {
            if (stats.status() != CheckpointStatus.IN_PROGRESS) {
                settled.put(stats.id(), stats);
            }
        }
        if (withTraces) {
            traces.addAll(job.checkpointTraces());
        }
    }

    /** Everything sampled, and what the job holds now, by id. */
    List<CheckpointStats> all() {
        sample();
        return new ArrayList<>(settled.values());
    }

    /** {@link TraceFigures} of every trace sampled and what the job holds now; empty unless asked for. */
    Map<String, Object> traceFigures(long windowStartMs, long windowEndMs, long completed) {
        sample();
        return TraceFigures.of(traces, job.checkpointTraces(), windowStartMs, windowEndMs, completed);
    }

    boolean withTraces() {
        return withTraces;
    }
}
