package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W2, fixed-rate latency: 100,000 and 500,000 events/s, 10,000 keys, aligned and unaligned
 * checkpoints every 100 ms, buffer timeout 0 and 100 ms, 3 s warm-up + 10 s measured. Records
 * enter the ring one by one, as with a buffer timeout of 0, so the 100 ms rows would only
 * repeat the 0 ms rows under another label: they run on request only ({@code --buffer-timeout-ms
 * 100}), which keeps the full run under 15 minutes. The {@code none} rows are the baseline
 * without checkpoints. Each run records the source's lag behind its schedule inside the measured
 * window ({@code source_lag}, see {@link SourceStats}); the whole-run maxima
 * ({@code source_max_lag_ms}, {@code source_max_backlog_events}) include the warm-up.
 */
final class W2FixedRate implements Workload {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);
    private static final long[] RATES = {100_000, 500_000};
    private static final double KEPT_UP_FRACTION = 0.98;

    @Override
    public Duration checkpointInterval() {
        return CHECKPOINT_INTERVAL;
    }

    @Override
    public String name() {
        return "w2";
    }

    @Override
    public List<RunSpec> plan(boolean quick, int repeats) {
        double warmupS = quick ? 1 : 3;
        double measureS = quick ? 3 : 10;
        List<RunSpec> runs = new ArrayList<>();
        for (long rate : RATES) {
            runs.add(RunSpec.of("w2", CheckpointMode.NONE, rate, 0, warmupS, measureS));
        }
        for (CheckpointMode mode : List.of(CheckpointMode.ALIGNED, CheckpointMode.UNALIGNED)) {
            for (long rate : RATES) {
                runs.addAll(RunSpec.of("w2", mode, rate, 0, warmupS, measureS).repeated(repeats));
            }
        }
        return runs;
    }

    /**
     * {@code kept_up} as WORKLOADS.md defines it (the sink's events/s ≥ 98 % of the rate), and
     * {@code kept_rate}: kept up and the source's lag did not grow over the window. A source that
     * falls further behind leaves events due in the window unmeasured, so its percentiles flatter.
     */
    static void keptRate(Map<String, Object> run, long rate) {
        boolean keptUp = ((Number) run.get("events_per_s")).doubleValue() >= KEPT_UP_FRACTION * rate;
        run.put("kept_up", keptUp);
        Object lag = run.get("source_lag");
        boolean grew = lag instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("grew"));
        run.put("kept_rate", keptUp && !grew);
    }

    @Override
    public Map<String, Object> run(RunSpec spec) throws Exception {
        if (spec.rate() == null || spec.rate() <= 0) {
            throw new IllegalArgumentException("w2 needs --rate (events/s), e.g. --rate 100000");
        }
        try (Pipeline pipeline = Pipeline.start(spec, 0)) {
            Map<String, Object> run = RunObject.of(spec);
            run.putAll(MeasuredWindow.measureTraced(pipeline, spec)); // traces: where checkpoints disturb the tail
            SourceStats source = pipeline.sourceStats();
            run.put("source_max_lag_ms", SourceStats.millis(source.maxLagNs()));
            run.put("source_max_backlog_events", source.maxBacklogEvents());
            keptRate(run, spec.rate());
            return run;
        }
    }
}
