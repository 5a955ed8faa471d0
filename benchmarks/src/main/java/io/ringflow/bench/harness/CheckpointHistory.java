package io.ringflow.bench.harness;

import io.ringflow.api.JobClient;

import java.util.Map;

/**
 * Every settled checkpoint of a job, gathered by sampling {@code JobClient.checkpointStats()}
 * (and, when asked, {@code checkpointTraces()}): the job keeps only its newest 1,000 of each,
 * which at a 1 ms interval is one second. Sampled every 250 ms or sooner, nothing is lost;
 * {@link CheckpointFigures} counts the ids missing anyway. Statistics and traces are kept as
 * columns of their figures, not whole ({@link LongColumn}).
 */
final class CheckpointHistory {
    private final JobClient job;
    private final boolean withTraces;
    private final CheckpointFigures.Columns settled = new CheckpointFigures.Columns();
    private final TraceFigures.Columns traces = new TraceFigures.Columns();

    CheckpointHistory(JobClient job) {
        this(job, false);
    }

    /** @param withTraces also keep every checkpoint's trace (W3's waterfall) */
    CheckpointHistory(JobClient job, boolean withTraces) {
        this.job = job;
        this.withTraces = withTraces;
    }

    void sample() {
        settled.addAll(job.checkpointStats());
        if (withTraces) {
            traces.addAll(job.checkpointTraces());
        }
    }

    /** The measured window starts: its slowest checkpoints' traces are kept whole from now on. */
    void windowStarts(long startMs) {
        sample(); // what came before is sampled before the window's traces become candidates
        traces.keepSlowestFrom(startMs);
    }

    /** {@link CheckpointFigures} of everything sampled and what the job holds now. */
    Map<String, Object> figures(long windowStartMs, long windowEndMs) {
        sample();
        return CheckpointFigures.of(settled, windowStartMs, windowEndMs);
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
