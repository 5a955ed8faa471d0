package io.ringflow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gathers {@code DIR/runs/*.json} (one run object per file, in plan order) into
 * {@code DIR/results.json}, and writes {@code DIR/report.md} with one row per variant (medians
 * over its repeats), the latency plot {@code DIR/latency.svg} and, when {@code DIR/jmh.json}
 * exists, the JMH results.
 */
final class Report {
    private final Path dir;

    Report(Path dir) {
        this.dir = dir;
    }

    void write() throws IOException {
        List<Map<String, Object>> runs = readRuns();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", MachineInfo.describe());
        results.put("runs", runs);
        Files.writeString(dir.resolve("results.json"), Json.write(results) + "\n");

        Map<String, List<Map<String, Object>>> variants = new LinkedHashMap<>();
        for (Map<String, Object> run : runs) {
            variants.computeIfAbsent(variantName(run), name -> new ArrayList<>()).add(run);
        }
        Map<String, List<Map<String, Object>>> measured = new LinkedHashMap<>();
        variants.forEach((name, list) -> {
            if (list.stream().anyMatch(run -> !run.containsKey("error"))) {
                measured.put(name, list.stream().filter(run -> !run.containsKey("error")).toList());
            }
        });
        Files.writeString(dir.resolve("latency.svg"), LatencyPlot.svg(measured));
        Path jmh = dir.resolve("jmh.json");
        String jmhTable = Files.exists(jmh) ? JmhTable.markdown(Files.readString(jmh)) : null;
        Files.writeString(dir.resolve("report.md"), markdown(results, variants, jmhTable));
    }

    private List<Map<String, Object>> readRuns() throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Object parsed = Json.parse(Files.readString(file));
                // A file holds one run object, or a list of them when one JVM ran several jobs (W4).
                for (Object run : parsed instanceof List<?> list ? list : List.of(parsed)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) run;
                    runs.add(object);
                }
            }
        }
        return runs;
    }

    static String variantName(Map<String, Object> run) {
        Object rate = run.get("rate");
        Object bufferTimeout = run.get("buffer_timeout_ms");
        return run.get("workload") + " " + run.get("mode")
            + (rate == null ? "" : String.format(" %,.0f/s", ((Number) rate).doubleValue()))
            + (bufferTimeout == null ? "" : String.format(" bt %.0f ms", ((Number) bufferTimeout).doubleValue()));
    }

    private static String markdown(Map<String, Object> results, Map<String, List<Map<String, Object>>> variants,
                                   String jmhTable) {
        StringBuilder md = new StringBuilder("# Ringflow benchmark report\n\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) results.get("machine");
        md.append("| machine | |\n| --- | --- |\n");
        machine.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        md.append("\nThe machine is shared and noisy: each row is the **median** over its repeats (column n). ")
            .append("Latency from event creation at the source to the sink, in µs. ")
            .append("For scale, Flink 2.3 local on this machine: W1 none 5.19 M events/s.\n\n");
        md.append("| variant | n | events/s | p50 µs | p99 µs | p99.9 µs | max µs | GC max pause ms | CPU busy % | ")
            .append("steal % | kept up | source max lag ms |\n");
        md.append("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | --: |\n");
        List<String> notRun = new ArrayList<>();
        variants.forEach((name, runs) -> {
            List<Map<String, Object>> ok = runs.stream().filter(run -> !run.containsKey("error")).toList();
            if (ok.isEmpty()) {
                notRun.add("| " + name + " | " + runs.get(0).get("error") + " |");
                return;
            }
            long keptUp = ok.stream().filter(run -> Boolean.TRUE.equals(run.get("kept_up"))).count();
            md.append("| ").append(name).append(" | ").append(ok.size())
                .append(" | ").append(format(Stats.medianOf(ok, "events_per_s"), "%,.0f"))
                .append(" | ").append(format(Stats.medianOf(ok, "latency_us.p50"), "%,.1f"))
                .append(" | ").append(format(Stats.medianOf(ok, "latency_us.p99"), "%,.1f"))
                .append(" | ").append(format(Stats.medianOf(ok, "latency_us.p99_9"), "%,.1f"))
                .append(" | ").append(format(Stats.medianOf(ok, "latency_us.max"), "%,.1f"))
                .append(" | ").append(format(Stats.medianOf(ok, "gc.max_pause_ms"), "%,.0f"))
                .append(" | ").append(format(Stats.medianOf(ok, "cpu.busy_pct"), "%.0f"))
                .append(" | ").append(format(Stats.medianOf(ok, "cpu.steal_pct"), "%.1f"))
                .append(" | ").append(ok.get(0).containsKey("kept_up") ? keptUp + "/" + ok.size() : "")
                .append(" | ").append(format(Stats.medianOf(ok, "source_max_lag_ms"), "%,.2f")).append(" |\n");
        });
        md.append("\n![latency percentiles](latency.svg)\n");
        if (!notRun.isEmpty()) {
            md.append("\n## Variants not run\n\n| variant | reason |\n| --- | --- |\n");
            notRun.forEach(line -> md.append(line).append('\n'));
        }
        if (jmhTable != null) {
            md.append("\n## JMH (quick pass: one fork, one 1 s iteration)\n\n").append(jmhTable);
        }
        return md.toString();
    }

    static String format(Double value, String pattern) {
        return value == null ? "–" : String.format(pattern, value);
    }
}
