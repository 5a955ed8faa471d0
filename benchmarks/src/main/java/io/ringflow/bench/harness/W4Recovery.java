package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W4, recovery and exactly-once: 1,000,000 keys, N = 20,000,000 events then end of input,
 * checkpoints every 500 ms, one restart. Three jobs in one JVM, each on a fresh engine: the
 * failure-free aligned baseline, aligned with one injected failure, unaligned with one. The
 * quick variant runs 2,000,000 events over 100,000 keys (its run objects carry those figures)
 * at 500,000 events/s: unlimited, it ended in about half a second, before the first checkpoint
 * (every 500 ms) completed, and the failure, which waits for one, never fired.
 */
final class W4Recovery implements Workload {
    static final int KEYS = 1_000_000;
    static final long EVENTS = 20_000_000;
    static final int QUICK_KEYS = 100_000;
    static final long QUICK_EVENTS = 2_000_000;
    /** About 4 s per quick job: checkpoints complete before the failure at 95 % of the events. */
    static final long QUICK_RATE = 500_000;

    @Override
    public Duration checkpointInterval() {
        return W4Job.CHECKPOINT_INTERVAL;
    }

    @Override
    public String name() {
        return "w4";
    }

    @Override
    public List<RunSpec> plan(boolean quick, int repeats) {
        RunSpec spec = RunSpec.of("w4", CheckpointMode.ALIGNED, quick ? QUICK_RATE : null, null, 0, 0);
        return List.of(quick ? spec.bounded(QUICK_KEYS, QUICK_EVENTS) : spec.bounded(KEYS, EVENTS));
    }

    @Override
    public Map<String, Object> run(RunSpec spec) throws Exception {
        return runAll(spec).get(0);
    }

    /** The baseline, then the failure runs; a job that fails still leaves its run object. */
    @Override
    public List<Map<String, Object>> runAll(RunSpec spec) throws Exception {
        if (spec.events() == null) {
            spec = spec.bounded(KEYS, EVENTS); // --keys counts only together with --events
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        RunSpec aligned = spec.withMode(CheckpointMode.ALIGNED);
        W4Job.Outcome baseline = attempt(aligned, false, null, runs);
        attempt(aligned, true, baseline, runs);
        attempt(spec.withMode(CheckpointMode.UNALIGNED), true, baseline, runs);
        return runs;
    }

    private static W4Job.Outcome attempt(RunSpec spec, boolean injectFailure, W4Job.Outcome baseline,
                                         List<Map<String, Object>> runs) {
        try {
            W4Job.Outcome outcome = W4Job.run(spec, injectFailure, baseline);
            runs.add(outcome.run());
            return outcome;
        } catch (Exception e) {
            e.printStackTrace();
            Map<String, Object> failed = RunObject.error(spec, String.valueOf(e));
            failed.put("variant", injectFailure ? "with failure" : "baseline, no failure");
            runs.add(failed);
            return null;
        }
    }
}
