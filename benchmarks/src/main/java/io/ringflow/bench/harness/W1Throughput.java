package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W1, keyed-count throughput: unlimited source, 10,000 keys, checkpoint interval 100 ms,
 * 5 s warm-up + 15 s measured per mode. The first task is back-pressured throughout, so the
 * latency is mostly the time records wait in the full ring.
 */
final class W1Throughput implements Workload {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);

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
        try (Pipeline pipeline = Pipeline.start(spec, 0)) {
            Map<String, Object> run = RunObject.of(spec);
            run.putAll(MeasuredWindow.measure(pipeline, spec));
            return run;
        }
    }
}
