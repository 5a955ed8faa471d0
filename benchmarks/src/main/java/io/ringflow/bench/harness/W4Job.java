package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.JobClient;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One W4 job on a fresh engine: the bounded pipeline with {@link FailingCountAndSum} and
 * {@link CaptureSink}, checkpoints every 500 ms, one restart without delay, at most 120 s.
 * Returns its run object and the captured per-key pairs.
 */
final class W4Job {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
    static final Duration TIME_BOUND = Duration.ofSeconds(120);

    record Outcome(Map<String, Object> run, long[] counts, long[] sums) {
    }

    private W4Job() {
    }

    /** @param baseline the failure-free run's outcome to compare with, or null for the baseline itself */
    static Outcome run(RunSpec spec, boolean injectFailure, Outcome baseline) throws Exception {
        long events = spec.events();
        RecoveryProbe.reset(injectFailure, events);
        CaptureSink sink = new CaptureSink(spec.keys());
        Map<String, Object> run = RunObject.of(spec);
        run.put("variant", (injectFailure ? "with failure" : "baseline, no failure"));
        run.put("events", events);
        try (CheckpointDir dir = CheckpointDir.create(spec.label())) {
            StreamEnvironment env = Pipeline.environment(spec, dir.path())
                .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
            Pipeline.build(env, new SequenceSource(spec.keys(), spec.rate() == null ? 0 : spec.rate(), events), new FailingCountAndSum(), sink);
            List<Double> loadBefore = LoadAvg.read();
            long startMs = System.currentTimeMillis();
            long startNs = System.nanoTime();
            JobClient job = env.executeAsync(spec.label() + (injectFailure ? "-failure" : "-baseline"));
            try {
                job.await(TIME_BOUND);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            long wallNs = System.nanoTime() - startNs;
            run.put("load_avg", MeasuredWindow.loadAvg(loadBefore, LoadAvg.read()));
            run.put("job_wall_s", Math.round(wallNs / 1e6) / 1e3);
            run.put("job_events_per_s", Math.round(events / (wallNs / 1e9)));
            run.put("restarts", job.restarts());
            run.put("checkpoints", CheckpointFigures.of(job.checkpointStats(), startMs, System.currentTimeMillis()));
            if (injectFailure) {
                run.putAll(recoveryFigures(job, events));
            }
        }
        long wrongFormula = KeyCheck.wrongAgainstFormula(sink.counts(), sink.sums(), events);
        long wrongBaseline = baseline == null ? wrongFormula
            : KeyCheck.wrongAgainstBaseline(sink.counts(), sink.sums(), baseline.counts(), baseline.sums());
        run.put("exactly_once", wrongFormula == 0 && wrongBaseline == 0);
        run.put("wrong_keys_vs_baseline", baseline == null ? null : wrongBaseline);
        run.put("wrong_keys_vs_formula", wrongFormula);
        return new Outcome(run, sink.counts(), sink.sums());
    }

    /** Throw → first record after the restore, and what the restore started from. */
    private static Map<String, Object> recoveryFigures(JobClient job, long events) {
        Map<String, Object> figures = new LinkedHashMap<>();
        long thrownNs = RecoveryProbe.thrownNs();
        if (thrownNs == 0) {
            figures.put("error", "the injected failure never fired");
            return figures;
        }
        figures.put("recovery_ms", millis(RecoveryProbe.firstRecordAfterRestoreNs() - thrownNs));
        figures.put("throw_to_open_ms", millis(RecoveryProbe.restoredOpenNs() - thrownNs));
        figures.put("failure_after_s", Math.round((thrownNs - RecoveryProbe.firstRecordNs()) / 1e6) / 1e3);
        figures.put("records_before_failure", RecoveryProbe.processedBeforeThrow());
        figures.put("records_reprocessed", RecoveryProbe.processed() - events);
        // What the engine restored, not a guess from the statistics: none when the failure came before any checkpoint.
        CheckpointStats restored = job.lastRestoredCheckpointId().isEmpty() ? null : job.checkpointStats().stream()
            .filter(s -> s.id() == job.lastRestoredCheckpointId().getAsLong()).findFirst().orElse(null);
        figures.put("restored_checkpoint_id", job.lastRestoredCheckpointId().isEmpty() ? null
            : job.lastRestoredCheckpointId().getAsLong());
        figures.put("restored_checkpoint_bytes", restored == null ? null
            : restored.stateSizeBytes() + restored.persistedInFlightBytes());
        // the engine's own phases of that restore (slowest task of each), in ms
        job.lastRestoreStats().ifPresent(r -> {
            figures.put("restore_state_ms", r.stateMicros() / 1e3);
            figures.put("restore_in_flight_ms", r.inFlightMicros() / 1e3);
            figures.put("restore_total_ms", r.totalMicros() / 1e3);
        });
        return figures;
    }

    private static Double millis(long nanos) {
        return nanos <= 0 ? null : Math.round(nanos / 1e3) / 1e3;
    }
}
