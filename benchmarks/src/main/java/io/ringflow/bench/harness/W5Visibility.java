package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.connector.ChronicleLogSink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W5, exactly-once visibility latency: the common pipeline at 100,000 events/s over 10,000 keys
 * into the exactly-once Chronicle log sink, unaligned incremental checkpoints every 1, 10 and
 * 100 ms, durability page-cache and flush, 3 s warm-up + 10 s measured. The latency is taken
 * where a record becomes visible to a read-committed reader ({@link VisibilityReader}).
 *
 * <p>The count check: after the window the source ends its input, so the job's final checkpoint
 * covers every event emitted and commits its output; then the reader must have read exactly
 * that many records, none twice. (While the source runs, the in-flight records of an unaligned
 * checkpoint are committed only by the next one, so no count read mid-run is exact.)
 */
final class W5Visibility implements Workload {
    static final long RATE = 100_000;
    static final long[] INTERVALS_MS = {1, 10, 100};
    static final List<String> DURABILITIES = List.of("page-cache", "flush");
    private static final Duration END_TIMEOUT = Duration.ofSeconds(30);
    /** How long the reader may take to read the last commit after the job ended. */
    private static final long DRAIN_MS = 10_000;
    /** Read on after the last expected record, so that a record committed twice would be seen. */
    private static final long SETTLE_MS = 300;

    @Override
    public String name() {
        return "w5";
    }

    /** The default without {@code --interval-ms}; the plan runs all three. */
    @Override
    public Duration checkpointInterval() {
        return Duration.ofMillis(INTERVALS_MS[0]);
    }

    @Override
    public List<RunSpec> plan(boolean quick, int repeats) {
        List<RunSpec> runs = new ArrayList<>();
        RunSpec base = RunSpec.of("w5", CheckpointMode.UNALIGNED, RATE, null, quick ? 1 : 3, quick ? 3 : 10);
        for (long interval : INTERVALS_MS) {
            for (String durability : DURABILITIES) {
                runs.addAll(base.withCheckpoints(interval, true, durability).repeated(repeats));
            }
        }
        return runs;
    }

    @Override
    public Map<String, Object> run(RunSpec spec) throws Exception {
        if (spec.rate() == null || spec.rate() <= 0 || !spec.mode().checkpoints()) {
            throw new IllegalArgumentException("w5 needs --rate and a checkpointing --mode, e.g. --rate 100000 "
                + "--mode unaligned --interval-ms 1 --incremental true");
        }
        try (CheckpointDir logDir = CheckpointDir.create(spec.label() + "-log")) {
            Path log = logDir.path().resolve("log");
            try (VisibilityReader reader = new VisibilityReader(log, spec.keys(), IdleStrategies.byName(spec.idle()));
                 Pipeline pipeline = Pipeline.start(spec, ChronicleLogSink.exactlyOnce(log, VisibilityReader.CODEC), reader)) {
                Map<String, Object> run = RunObject.of(spec);
                run.putAll(MeasuredWindow.measureTraced(pipeline, spec, figures -> endAndCount(pipeline, reader, figures)));
                W2FixedRate.keptRate(run, spec.rate());
                return run;
            }
        }
    }

    /** Ends the source, waits for the job's final commit and the reader, and adds the count check. */
    private static void endAndCount(Pipeline pipeline, VisibilityReader reader, Map<String, Object> figures)
        throws InterruptedException {
        JobClient job = pipeline.job();
        pipeline.source().endInput();
        job.await(END_TIMEOUT);
        if (job.status() != JobStatus.FINISHED) {
            throw new IllegalStateException("job " + job.jobName() + " ended " + job.status() + ", not FINISHED");
        }
        long emitted = pipeline.sourceStats().emitted();
        long deadline = System.currentTimeMillis() + DRAIN_MS;
        while (reader.count() < emitted && reader.failure() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(SETTLE_MS);
        reader.close();
        if (reader.failure() != null) {
            throw new IllegalStateException("the visibility reader failed: " + reader.failure(), reader.failure());
        }
        Map<String, Object> check = reader.countCheck(emitted);
        check.put("last_completed_checkpoint", job.checkpointStats().stream()
            .filter(stats -> stats.status() == CheckpointStatus.COMPLETED).mapToLong(CheckpointStats::id).max().orElse(0));
        figures.put("count_check", check);
        figures.put("exactly_once", check.get("ok"));
        figures.put("source_max_lag_ms", SourceStats.millis(pipeline.sourceStats().maxLagNs()));
    }
}
