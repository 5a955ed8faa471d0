package io.ringflow.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The targets of the benchmarks issue next to Flink 2.3's figures ({@link FlinkFigures}, whose
 * source and date the table names) and ours (medians), each met or missed. A target without
 * runs says so instead of guessing, and one run at reduced size ({@code --quick} W4) is not
 * judged against the full-size target.
 */
final class TargetsTable {
    static final String NOT_FULL_SIZE = "not run at full size";

    private TargetsTable() {
    }

    static String markdown(List<Map<String, Object>> runs) {
        StringBuilder md = new StringBuilder("| target | " + FlinkFigures.HEADER + " | Ringflow (median) | |\n"
            + "| --- | --- | --- | --- |\n");
        Double w1 = median(runs, run -> is(run, "w1", "aligned"), "events_per_s");
        row(md, "W1 aligned ≥ 25 M events/s", FlinkFigures.W1_ALIGNED,
            w1 == null ? null : String.format("%.2f M events/s", w1 / 1e6), verdict(w1 != null && w1 >= 25e6));

        Predicate<Map<String, Object>> w2 = run -> is(run, "w2", "unaligned") && number(run, "rate") == 100_000
            && number(run, "buffer_timeout_ms") == 0;
        List<Map<String, Object>> w2Runs = runs.stream().filter(w2).toList();
        Double p99 = Stats.medianOf(w2Runs, "latency_us.p99");
        Double p999 = Stats.medianOf(w2Runs, "latency_us.p99_9");
        Double lag = Stats.maxOf(w2Runs, "source_lag.max_ms");
        long keptRate = w2Runs.stream().filter(run -> Boolean.TRUE.equals(run.get("kept_rate"))).count();
        row(md, "W2 100 k/s unaligned: p99 ≤ 20 µs, p99.9 ≤ 100 µs", FlinkFigures.W2_100K_UNALIGNED_P99_P999,
            p99 == null ? null : String.format("%,.1f / %,.1f µs; source lag in the window up to %s ms, "
                + "rate kept in %d/%d runs", p99, p999, Report.format(lag, "%,.1f"), keptRate, w2Runs.size()),
            verdict(p99 != null && p99 <= 20 && p999 <= 100 && keptRate == w2Runs.size()));

        // the target holds with page-cache durability; runs without such a variant fall back to flush
        Double aligned = w3Millis(runs, "aligned", "flush");
        Double unalignedFlush = w3Millis(runs, "unaligned", "flush");
        Double unalignedPageCache = w3Millis(runs, "unaligned", "page-cache");
        Double unaligned = unalignedPageCache != null ? unalignedPageCache : unalignedFlush;
        boolean w3Known = aligned != null && unaligned != null;
        double speedup = w3Known ? aligned / Math.max(unaligned, 0.5) : 0;
        String durabilities = unalignedPageCache == null ? ""
            : unalignedFlush == null ? " (page-cache)" : String.format(" (page-cache; %,.2f ms with flush)", unalignedFlush);
        row(md, "W3 unaligned checkpoint p50 ≤ 1 ms (page-cache) and ≥ 100× faster than aligned",
            FlinkFigures.W3_UNALIGNED_VS_ALIGNED,
            w3Known ? String.format("%,.2f ms%s vs %,.0f ms aligned (%.1f×)", unaligned, durabilities, aligned, speedup) : null,
            verdict(w3Known && unaligned <= 1 && speedup >= 100));

        Predicate<Map<String, Object>> failures = run -> "w4".equals(run.get("workload")) && "with failure".equals(run.get("variant"));
        Double alignedMs = median(runs, failures.and(run -> "aligned".equals(run.get("mode"))), "recovery_ms");
        Double unalignedMs = median(runs, failures.and(run -> "unaligned".equals(run.get("mode"))), "recovery_ms");
        List<Map<String, Object>> w4 = runs.stream().filter(run -> "w4".equals(run.get("workload"))).toList();
        long exact = w4.stream().filter(run -> Boolean.TRUE.equals(run.get("exactly_once"))).count();
        boolean w4Known = alignedMs != null && unalignedMs != null;
        Double keys = Stats.minOf(w4, "keys");
        boolean fullSize = keys != null && keys >= W4Recovery.KEYS;
        String w4Verdict = !w4Known ? null : !fullSize
            ? String.format("%s (%,.0f of %,d keys)", NOT_FULL_SIZE, keys, W4Recovery.KEYS)
            : verdict(alignedMs <= 100 && unalignedMs <= 100 && exact == w4.size());
        row(md, "W4 recovery ≤ 100 ms, exactly-once (1,000,000 keys)", FlinkFigures.W4_RECOVERY,
            w4Known ? String.format("%,.0f ms aligned / %,.0f ms unaligned (%,.0f keys), exactly-once %d/%d jobs",
                alignedMs, unalignedMs, keys, exact, w4.size()) : null,
            w4Verdict);
        md.append("\nFlink figures: ").append(FlinkFigures.SOURCE).append(".\n");
        return md.toString();
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private static void row(StringBuilder md, String target, String flink, String ours, String verdict) {
        md.append("| ").append(target).append(" | ").append(flink).append(" | ").append(ours == null ? "not run" : ours)
            .append(" | ").append(ours == null ? "–" : verdict).append(" |\n");
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

    /** W3's checkpoint p50 in ms with {@code durability}, from the µs figure (runs before it had only whole ms). */
    private static Double w3Millis(List<Map<String, Object>> runs, String mode, String durability) {
        Predicate<Map<String, Object>> which = run -> is(run, "w3", mode)
            && durability.equals(java.util.Objects.requireNonNullElse(run.get("durability"), "flush"));
        Double micros = median(runs, which, "checkpoints.duration_us_p50");
        return micros != null ? Double.valueOf(micros / 1_000) : median(runs, which, "checkpoints.duration_ms_p50");
    }
}
