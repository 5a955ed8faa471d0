package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every settled checkpoint of a job, gathered by sampling {@code JobClient.checkpointStats()}:
 * the job keeps only its newest 1,000, which at a 1 ms interval is one second. Sampled every
 * 250 ms or sooner, nothing is lost; {@link CheckpointFigures} counts the ids missing anyway.
 */
final class CheckpointHistory {
    private final JobClient job;
    private final Map<Long, CheckpointStats> settled = new TreeMap<>();

    CheckpointHistory(JobClient job) {
        this.job = job;
    }

    void sample() {
        for (CheckpointStats stats : job.checkpointStats()) {
            if (stats.status() != CheckpointStatus.IN_PROGRESS) {
                settled.put(stats.id(), stats);
            }
        }
    }

    /** Everything sampled, and what the job holds now, by id. */
    List<CheckpointStats> all() {
        sample();
        return new ArrayList<>(settled.values());
    }
}
