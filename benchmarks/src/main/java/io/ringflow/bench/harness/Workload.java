package io.ringflow.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * One workload of WORKLOADS.md: which variants it has and how one of them runs. A run returns
 * its run object for {@code results.json}; a run that cannot happen returns
 * {@link RunObject#error} instead of throwing.
 */
interface Workload {
    String name();

    /** Every variant, in report order; {@code quick} shortens warm-up and measurement only. */
    List<RunSpec> plan(boolean quick, int repeats);

    Map<String, Object> run(RunSpec spec) throws Exception;

    static Workload byName(String name) {
        return switch (name) {
            case "w1" -> new W1Throughput();
            case "w2" -> new W2FixedRate();
            default -> throw new IllegalArgumentException("unknown workload '" + name + "'; this harness runs w1 and w2 "
                + "(w3 and w4 need checkpointing)");
        };
    }

    static List<Workload> all() {
        return List.of(new W1Throughput(), new W2FixedRate());
    }
}
