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
 * Gathers {@code DIR/runs/*.json} (in plan order) into {@code DIR/results.json} and writes
 * {@code DIR/report.md}: the targets, one table per workload (medians over repeats), a
 * latency-percentile plot per checkpoint mode ({@code latency-MODE.svg}), W3's checkpoint
 * durations over time ({@code w3-checkpoints.svg}, {@code .csv}), the waterfall of each W3 run's
 * median checkpoint ({@link W3Waterfalls}) and, when they exist, the
 * profile notes of {@code DIR/notes.md} (after the targets) and the JMH results of
 * {@code DIR/jmh.json}.
 */
final class Report {
    private static final Map<String, String> TITLES = Map.of(
        "w1", "W1 keyed-count throughput (unlimited source, checkpoints every 100 ms)",
        "w2", "W2 fixed-rate latency (checkpoints every 100 ms)",
        "w3", "W3 checkpoints under back-pressure (sink busy-waits 50 µs per record, checkpoints every 1 s)",
        "w3f", "W3f: W3 with a Flink-sized ring (16,384 slots, at least the about 11,000 events Flink holds in flight)",
        "w4", "W4 recovery and exactly-once (checkpoints every 500 ms, one restart)",
        "w5", "W5 exactly-once visibility latency (100,000 events/s, a read-committed reader in the same JVM)");
    private final Path dir;
    private final Map<String, Object> provenance;

    Report(Path dir) {
        this(dir, Map.of());
    }

    /**
     * @param provenance added to the {@code machine} object: e.g. the commit the engine was built
     *                   from and the load average before and after the whole run, as
     *                   {@code scripts/bench} passes them
     */
    Report(Path dir, Map<String, Object> provenance) {
        this.dir = dir;
        this.provenance = provenance;
    }

    void write() throws IOException {
        List<Map<String, Object>> runs = readRuns();
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> machine = MachineInfo.describe();
        machine.putAll(provenance);
        machine.putIfAbsent("load_avg_at_report", LoadAvg.read());
        results.put("machine", machine);
        results.put("runs", runs);
        Files.writeString(dir.resolve("results.json"), Json.write(results) + "\n");

        StringBuilder md = new StringBuilder("# Ringflow benchmark report\n\n| machine | |\n| --- | --- |\n");
        ((Map<?, ?>) results.get("machine")).forEach((key, value) -> md.append("| ").append(key).append(" | ")
            .append(value).append(" |\n"));
        md.append("\nThe machine is shared and noisy: each row is the **median** over its repeats (column n); ")
            .append("failed runs are left out of the rows and listed at the end.\n\n## Targets\n\n")
            .append(TargetsTable.markdown(runs));
        Path notes = dir.resolve("notes.md");
        if (Files.exists(notes)) {
            md.append('\n').append(Files.readString(notes).strip()).append('\n');
        }
        List<Map<String, Object>> ok = runs.stream().filter(run -> !run.containsKey("error")).toList();
        for (String workload : List.of("w1", "w2", "w3", "w3f", "w4", "w5")) {
            Map<String, List<Map<String, Object>>> variants = variants(ok, run -> workload.equals(run.get("workload")));
            if (!variants.isEmpty()) {
                md.append("\n## ").append(TITLES.get(workload)).append("\n\n")
                    .append(WorkloadTables.forWorkload(workload).render(variants))
                    .append(notes(workload, variants));
            }
        }
        writePlots(ok, md);
        List<Map<String, Object>> failed = runs.stream().filter(run -> run.containsKey("error")).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Runs that failed\n\n| variant | repeat | error |\n| --- | --: | --- |\n");
            failed.forEach(run -> md.append("| ").append(variantName(run)).append(" | ").append(run.get("repeat"))
                .append(" | ").append(run.get("error")).append(" |\n"));
        }
        Path jmh = dir.resolve("jmh.json");
        if (Files.exists(jmh)) {
            md.append("\n## JMH\n\n").append(JmhTable.markdown(Files.readString(jmh)));
        }
        Files.writeString(dir.resolve("report.md"), md.toString());
    }

    /** What the table of a workload needs said beside it. */
    static String notes(String workload, Map<String, List<Map<String, Object>>> variants) {
        List<Map<String, Object>> runs = variants.values().stream().flatMap(List::stream).toList();
        return switch (workload) {
            case "w2" -> String.format("%nLatency is measured from each event's actual emission, so events the source "
                + "could not emit on time are missing from the percentiles (coordinated omission). The lag columns "
                + "show how far the source was behind its schedule inside the measured window (worst repeat; "
                + "\"incl. warm-up\": over the whole run). `kept rate`: the sink's events/s reached %.0f %% of the rate "
                + "and the lag did not grow by more than %d ms over the window; a run without it fell behind "
                + "and its percentiles flatter.%n", 98.0, SourceStats.LAG_GROWTH_TOLERANCE_NS / 1_000_000);
            case "w1" -> allocation(runs);
            case "w3", "w3f" -> w3Capacity(runs);
            default -> "";
        };
    }

    /** What W1's allocation columns count, and the runs whose count is a lower bound. */
    static String allocation(List<Map<String, Object>> runs) {
        if (runs.stream().noneMatch(run -> run.get("alloc_bytes_per_event") != null)) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format("%n`alloc B/event`: heap bytes allocated by the job's task "
            + "threads in the measured window (HotSpot's per-thread counters) per event reaching the sink; the user "
            + "functions run on those threads, so what they allocate is included. `ckpt-thread alloc B/event`: the "
            + "checkpoint coordinator and snapshot writer threads, per event. `GC n`: collections in the window."));
        List<String> incomplete = runs.stream()
            .filter(run -> run.get("alloc") instanceof Map<?, ?> alloc && Boolean.FALSE.equals(alloc.get("complete")))
            .map(run -> variantName(run) + " r" + run.get("repeat")).toList();
        if (!incomplete.isEmpty()) {
            md.append(" A thread of the job ended inside the window of ").append(String.join(", ", incomplete))
                .append(": its allocation is counted only up to the last sample, so those figures are lower bounds.");
        }
        return md.append('\n').toString();
    }

    /** W3's queue between the tasks: the ring's capacity, from the runs' spec, against Flink's buffers. */
    static String w3Capacity(List<Map<String, Object>> runs) {
        Double slots = Stats.medianOf(runs, "ring_size");
        Double slotBytes = Stats.medianOf(runs, "slot_size");
        Double busyUs = Stats.medianOf(runs, "sink_busy_wait_us");
        if (slots == null) {
            return "";
        }
        boolean same = runs.stream().allMatch(run -> slots.equals(Stats.number(run, "ring_size")));
        StringBuilder md = new StringBuilder(String.format("%nThe queue between the two tasks: a ring of %,.0f slots%s "
            + "(%s), that is at most %,.0f records in flight, against %s (%s).", slots,
            slotBytes == null ? "" : String.format(" × %,.0f B", slotBytes), same ? "every run" : "median over the runs",
            slots, FlinkFigures.IN_FLIGHT, FlinkFigures.SOURCE));
        if (busyUs != null) {
            md.append(String.format(" An aligned barrier waits behind a full queue: %,.0f × %,.0f µs ≈ %,.0f ms here, "
                + "%,d × %,.0f µs ≈ %,.0f ms in Flink; unaligned checkpoints persist the queue instead, so their size "
                + "scales with it too.", slots, busyUs, slots * busyUs / 1000, FlinkFigures.IN_FLIGHT_EVENTS, busyUs,
                FlinkFigures.IN_FLIGHT_EVENTS * busyUs / 1000));
        }
        return md.append('\n').toString();
    }

    private void writePlots(List<Map<String, Object>> ok, StringBuilder md) throws IOException {
        md.append("\n## Latency percentiles per mode\n\n");
        for (CheckpointMode mode : CheckpointMode.values()) {
            Map<String, List<Map<String, Object>>> variants = variants(ok,
                run -> mode.jsonName().equals(run.get("mode")) && run.get("latency_percentiles_us") != null);
            if (!variants.isEmpty()) {
                String file = "latency-" + mode.jsonName() + ".svg";
                Files.writeString(dir.resolve(file), LatencyPlot.svg(
                    "End-to-end latency by percentile, mode " + mode.jsonName() + " (µs, log scale)", variants));
                md.append("![latency, ").append(mode.jsonName()).append("](").append(file).append(")\n\n");
            }
        }
        List<Map<String, Object>> w3 = ok.stream().filter(run -> "w3".equals(run.get("workload"))).toList();
        if (!w3.isEmpty()) {
            Files.writeString(dir.resolve("w3-checkpoints.svg"), CheckpointPlot.svg(w3));
            Files.writeString(dir.resolve("w3-checkpoints.csv"), CheckpointPlot.csv(w3));
            md.append("## W3 checkpoint duration over time\n\n![W3 checkpoints](w3-checkpoints.svg)\n\n")
                .append("Every checkpoint of every W3 run: [w3-checkpoints.csv](w3-checkpoints.csv).\n");
        }
        md.append(W3Waterfalls.write(dir, w3));
    }

    static Map<String, List<Map<String, Object>>> variants(List<Map<String, Object>> runs,
                                                                   java.util.function.Predicate<Map<String, Object>> which) {
        Map<String, List<Map<String, Object>>> variants = new LinkedHashMap<>();
        runs.stream().filter(which).forEach(run -> variants.computeIfAbsent(variantName(run), name -> new ArrayList<>()).add(run));
        return variants;
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

    /**
     * E.g. {@code w2 unaligned 100,000/s bt 0 ms}; a run checkpointing otherwise than its workload's
     * standard (full checkpoints at its interval) adds e.g. {@code every 1 ms incremental}, and one
     * writing to the page cache only {@code page-cache}.
     */
    static String variantName(Map<String, Object> run) {
        Object rate = run.get("rate");
        Object bufferTimeout = run.get("buffer_timeout_ms");
        Object variant = run.get("variant");
        Object interval = run.get("checkpoint_interval_ms");
        boolean incremental = Boolean.TRUE.equals(run.get("incremental"));
        return run.get("workload") + " " + run.get("mode")
            + (rate == null ? "" : String.format(" %,.0f/s", ((Number) rate).doubleValue()))
            + (bufferTimeout == null ? "" : String.format(" bt %.0f ms", ((Number) bufferTimeout).doubleValue()))
            + (interval == null || !incremental && isStandardInterval(run) ? ""
                : String.format(" every %.0f ms", ((Number) interval).doubleValue()))
            + (incremental ? " incremental" : "")
            + ("page-cache".equals(run.get("durability")) ? " page-cache" : "")
            + (variant == null ? "" : " " + variant);
    }

    private static boolean isStandardInterval(Map<String, Object> run) {
        try {
            return Workload.byName(String.valueOf(run.get("workload"))).checkpointInterval().toMillis()
                == ((Number) run.get("checkpoint_interval_ms")).longValue();
        } catch (IllegalArgumentException unknownWorkload) {
            return false;
        }
    }

    static String format(Double value, String pattern) {
        return value == null ? "–" : String.format(pattern, value);
    }
}
