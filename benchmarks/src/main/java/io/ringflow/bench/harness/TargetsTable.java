package io.ringflow.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The targets of the benchmarks issue next to Flink 2.3's figures (WORKLOADS.md, same machine)
 * and ours (medians), each met or missed. A target without runs says so instead of guessing.
 */
final class TargetsTable {
    private TargetsTable() {
    }

    static String markdown(List<Map<String, Object>> runs) {
        StringBuilder md = new StringBuilder("| target | Flink 2.3 local | Ringflow (median) | |\n| --- | --- | --- | --- |\n");
        Double w1 = median(runs, run -> is(run, "w1", "aligned"), "events_per_s");
        row(md, "W1 aligned ≥ 25 M events/s", "4.87 M events/s", w1 == null ? null : String.format("%.2f M events/s", w1 / 1e6),
            w1 != null && w1 >= 25e6);

        Predicate<Map<String, Object>> w2 = run -> is(run, "w2", "unaligned") && number(run, "rate") == 100_000
            && number(run, "buffer_timeout_ms") == 0;
        Double p99 = median(runs, w2, "latency_us.p99");
        Double p999 = median(runs, w2, "latency_us.p99_9");
        row(md, "W2 100 k/s unaligned: p99 ≤ 20 µs, p99.9 ≤ 100 µs", "1,436 / 3,910 µs",
            p99 == null ? null : String.format("%,.1f / %,.1f µs", p99, p999), p99 != null && p99 <= 20 && p999 <= 100);

        Double aligned = median(runs, run -> is(run, "w3", "aligned"), "checkpoints.duration_ms_p50");
        Double unaligned = median(runs, run -> is(run, "w3", "unaligned"), "checkpoints.duration_ms_p50");
        boolean w3Known = aligned != null && unaligned != null;
        double speedup = w3Known ? aligned / Math.max(unaligned, 0.5) : 0;
        row(md, "W3 unaligned checkpoint p50 ≤ 1 ms and ≥ 100× faster than aligned", "18 ms vs 399 ms aligned (22×)",
            w3Known ? String.format("%,.0f ms vs %,.0f ms aligned (%.1f×)", unaligned, aligned, speedup) : null,
            w3Known && unaligned <= 1 && speedup >= 100);

        Predicate<Map<String, Object>> failures = run -> "w4".equals(run.get("workload")) && "with failure".equals(run.get("variant"));
        Double alignedMs = median(runs, failures.and(run -> "aligned".equals(run.get("mode"))), "recovery_ms");
        Double unalignedMs = median(runs, failures.and(run -> "unaligned".equals(run.get("mode"))), "recovery_ms");
        List<Map<String, Object>> w4 = runs.stream().filter(run -> "w4".equals(run.get("workload"))).toList();
        long exact = w4.stream().filter(run -> Boolean.TRUE.equals(run.get("exactly_once"))).count();
        boolean w4Known = alignedMs != null && unalignedMs != null;
        row(md, "W4 recovery ≤ 100 ms, exactly-once", "4,822 ms aligned / 4,754 ms unaligned, exactly-once yes",
            w4Known ? String.format("%,.0f ms aligned / %,.0f ms unaligned, exactly-once %d/%d jobs%s", alignedMs,
                unalignedMs, exact, w4.size(), quickNote(w4)) : null,
            w4Known && alignedMs <= 100 && unalignedMs <= 100 && exact == w4.size());
        return md.toString();
    }

    private static String quickNote(List<Map<String, Object>> w4) {
        Double keys = Stats.medianOf(w4, "keys");
        return keys != null && keys < W4Recovery.KEYS ? String.format(" (quick: %,.0f keys)", keys) : "";
    }

    private static void row(StringBuilder md, String target, String flink, String ours, boolean met) {
        md.append("| ").append(target).append(" | ").append(flink).append(" | ").append(ours == null ? "not run" : ours)
            .append(" | ").append(ours == null ? "–" : met ? "**met**" : "**missed**").append(" |\n");
    }

    private static boolean is(Map<String, Object> run, String workload, String mode) {
        return workload.equals(run.get("workload")) && mode.equals(run.get("mode")) && !run.containsKey("error");
    }

    private static double number(Map<String, Object> run, String path) {
        Double value = Stats.number(run, path);
        return value == null ? Double.NaN : value;
    }

    private static Double median(List<Map<String, Object>> runs, Predicate<Map<String, Object>> which, String path) {
        return Stats.medianOf(runs.stream().filter(which).filter(run -> !run.containsKey("error")).toList(), path);
    }
}
