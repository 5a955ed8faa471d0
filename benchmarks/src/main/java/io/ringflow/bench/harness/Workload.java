package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One workload of WORKLOADS.md: which variants it has and how one of them runs. A run returns
 * its run object for {@code results.json}; a run that fails becomes a {@link RunObject#error}.
 */
interface Workload {
    String name();

    /** The checkpoint interval WORKLOADS.md gives it; {@code --interval-ms} overrides it. */
    Duration checkpointInterval();

    /** Every variant, in report order; {@code quick} shortens warm-up and measurement only. */
    List<RunSpec> plan(boolean quick, int repeats);

    Map<String, Object> run(RunSpec spec) throws Exception;

    /** The run objects of one JVM: one, except for W4's jobs that share a JVM. */
    default List<Map<String, Object>> runAll(RunSpec spec) throws Exception {
        return List.of(run(spec));
    }

    /** Slots of each ring unless {@code --ring-size} says otherwise. */
    default int ringSize() {
        return 4096;
    }

    static Workload byName(String name) {
        return switch (name) {
            case "w1" -> new W1Throughput();
            case "w2" -> new W2FixedRate();
            case "w3" -> new W3Backpressure();
            case "w3f" -> W3Backpressure.flinkSizedRing();
            case "w4" -> new W4Recovery();
            case "w5" -> new W5Visibility();
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'; use w1, w2, w3, w3f, w4 or w5");
        };
    }

    /** The workloads of {@code scripts/bench}; W5 (about 5 minutes at 3 repeats) runs on request only. */
    static List<Workload> all() {
        return List.of(new W1Throughput(), new W2FixedRate(), new W3Backpressure(), W3Backpressure.flinkSizedRing(),
            new W4Recovery());
    }
}
