package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * W1, keyed-count throughput: unlimited source, 10,000 keys, checkpoint interval 100 ms,
 * 5 s warm-up + 15 s measured per mode. The first task is back-pressured throughout, so the
 * latency is mostly the time records wait in the full ring. Each run also records the machine's
 * bare cross-core hop rate before and after it ({@link CrossCoreProbe}).
 */
final class W1Throughput implements Workload {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);
    // the machine's bare hop rate just before and after the run (CrossCoreProbe): what W1 can reach at that moment
    private static final long PROBE_WARMUP_MS = 100;
    private static final long PROBE_MEASURE_MS = 400;

    @Override
    public Duration checkpointInterval() {
        return CHECKPOINT_INTERVAL;
    }

    @Override
    public String name() {
        return "w1";
    }

    @Override
    public List<RunSpec> plan(boolean quick, int repeats) {
        List<RunSpec> runs = new ArrayList<>();
        for (CheckpointMode mode : CheckpointMode.values()) {
            RunSpec spec = quick ? RunSpec.of("w1", mode, null, null, 1, 3) : RunSpec.of("w1", mode, null, null, 5, 15);
            runs.addAll(spec.repeated(repeats));
        }
        return runs;
    }

    @Override
    public Map<String, Object> run(RunSpec spec) throws Exception {
        double hopsBefore = CrossCoreProbe.hopsPerSecondMillions(PROBE_WARMUP_MS, PROBE_MEASURE_MS);
        Map<String, Object> run = RunObject.of(spec);
        try (Pipeline pipeline = Pipeline.start(spec, 0)) {
            run.putAll(MeasuredWindow.measure(pipeline, spec));
        }
        Map<String, Object> hops = new LinkedHashMap<>();
        hops.put("before", hopsBefore);
        hops.put("after", CrossCoreProbe.hopsPerSecondMillions(PROBE_WARMUP_MS, PROBE_MEASURE_MS));
        run.put("cross_core_hop_m_per_s", hops);
        return run;
    }
}
