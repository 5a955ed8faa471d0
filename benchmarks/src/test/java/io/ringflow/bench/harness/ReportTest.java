package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report from run objects written by hand: what it states beside the figures, and what it does not claim. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldNotJudgeAQuickW4AgainstTheFullSizeTarget() throws Exception {
        writeRuns(w4(100_000, "aligned", false), w4(100_000, "aligned", true), w4(100_000, "unaligned", true));

        String w4Row = line(report(), "| W4 recovery");

        assertTrue(w4Row.contains(TargetsTable.NOT_FULL_SIZE + " (100,000 of 1,000,000 keys)"), w4Row);
        assertFalse(w4Row.contains("**met**"), w4Row);
    }

    @Test
    void shouldJudgeAFullSizeW4() throws Exception {
        writeRuns(w4(1_000_000, "aligned", false), w4(1_000_000, "aligned", true), w4(1_000_000, "unaligned", true));

        assertTrue(line(report(), "| W4 recovery").endsWith("| **met** |"));
    }

    @Test
    void shouldNameTheSourceAndDateOfTheFlinkFigures() throws Exception {
        writeRuns(w4(1_000_000, "aligned", true));

        String report = report();

        assertTrue(report.contains("| target | Flink 2.3 local (WORKLOADS.md, 2026-11-21) |"), report);
        assertTrue(report.contains("Flink figures: " + FlinkFigures.SOURCE), report);
        assertTrue(FlinkFigures.SOURCE.contains("WORKLOADS.md") && FlinkFigures.SOURCE.contains("2026-11-21"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldJudgeW3OnItsPageCacheRunsAndOnFlushWithoutThem() throws Exception {
        writeRuns(w3("aligned", 4096), w3("unaligned", 4096));
        String flushOnly = line(report(), "| W3 unaligned");
        Map<String, Object> pageCache = w3("unaligned", 4096);
        pageCache.put("durability", "page-cache");
        ((Map<String, Object>) pageCache.get("checkpoints")).put("duration_us_p50", 900L);
        writeRuns(w3("aligned", 4096), w3("unaligned", 4096), pageCache);
        String both = line(report(), "| W3 unaligned");

        assertTrue(flushOnly.contains("| 30.10 ms vs 220 ms aligned (7.3×) |") && flushOnly.endsWith("| **missed** |"), flushOnly);
        assertTrue(both.contains("0.90 ms (page-cache; 30.10 ms with flush) vs 220 ms aligned (244.9×)"), both);
        assertTrue(both.endsWith("| **met** |"), both);
    }

    @Test
    void shouldStateTheRingCapacityAgainstFlinksBuffersForW3() throws Exception {
        writeRuns(w3("aligned", 4096), w3("unaligned", 4096));

        String note = line(report(), "The queue between the two tasks");

        assertTrue(note.contains("a ring of 4,096 slots × 128 B (every run)"), note);
        assertTrue(note.contains("about 11,000 events in Flink's network buffers"), note);
        assertTrue(note.contains("4,096 × 50 µs ≈ 205 ms here, 11,000 × 50 µs ≈ 550 ms in Flink"), note);
    }

    @Test
    void shouldReportW3fInItsOwnSectionWithItsRing() throws Exception {
        Map<String, Object> aligned = w3("aligned", 16_384);
        Map<String, Object> unaligned = w3("unaligned", 16_384);
        aligned.put("workload", "w3f");
        unaligned.put("workload", "w3f");
        writeRuns(w3("aligned", 4096), w3("unaligned", 4096), aligned, unaligned);

        String report = report();

        int w3 = report.indexOf("## W3 checkpoints under back-pressure");
        int w3f = report.indexOf("## W3f: W3 with a Flink-sized ring");
        assertTrue(w3 >= 0 && w3f > w3, report);
        String section = report.substring(w3f, report.indexOf("\n## ", w3f + 1));
        assertTrue(section.contains("a ring of 16,384 slots × 128 B (every run)"), section);
        assertTrue(section.contains("w3f aligned") && section.contains("w3f unaligned"), section);
        assertTrue(section.contains("| ring slots |") && section.contains("| ckpt p50 µs |"), "W3's checkpoint table: " + section);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDrawAndLinkTheWaterfallOfEachW3RunsMedianCheckpoint() throws Exception {
        Map<String, Object> aligned = w3("aligned", 4096);
        Map<String, Object> unaligned = w3("unaligned", 4096);
        for (Map<String, Object> run : List.of(aligned, unaligned)) {
            ((Map<String, Object>) run.get("checkpoints")).putAll(TraceFigures.of(List.of(WaterfallTest.trace()), 0,
                Long.MAX_VALUE, 1));
        }
        writeRuns(aligned, unaligned);
        Files.writeString(dir.resolve("w3-waterfall-stale-r9.svg"), "<svg/>");

        String report = report();

        for (String file : List.of("w3-waterfall-all.svg", "w3-waterfall-aligned-r1.svg", "w3-waterfall-unaligned-r1.svg")) {
            assertTrue(report.contains("](" + file + ")"), report);
            assertTrue(Files.readString(dir.resolve(file)).contains("data-phase=\"sync\""), file);
        }
        assertFalse(Files.exists(dir.resolve("w3-waterfall-stale-r9.svg")), "a waterfall of an earlier report");
        String header = line(report, "| variant | n | ckpts traced |");
        assertTrue(header.contains("| last task began | last sync end |"), header);
        assertTrue(line(report, "| w3 unaligned | 1 | 1 |").contains("| 400 | 900 | 500 | 1,500 |"), report);
    }

    @Test
    void shouldShowTheSourceLagInTheWindowBesideTheW2Percentiles() throws Exception {
        writeRuns(w2(0.4, 40, false), w2(275.5, 205_122, true), w2(0.6, 60, false));

        String report = report();
        String header = line(report, "| variant | n | events/s | kept rate | p50 µs | p99 µs | p99.9 µs | max µs | lag in window max ms");
        String row = line(report, "| w2 unaligned 100,000/s bt 0 ms | 3 |");

        assertTrue(header.contains("| lag in window max events (worst) | lag at window end ms (worst) |"), header);
        assertTrue(row.contains("| 2/3 | 30.0 | 1,500.0 | 4,000.0 | 9,000.0 | 275.50 | 205,122 |"), row);
        String target = line(report, "| W2 100 k/s");
        assertTrue(target.contains("source lag in the window up to 275.5 ms, rate kept in 2/3 runs"), target);
        assertTrue(report.contains("coordinated omission"));
    }

    @Test
    void shouldWriteIntegersAsIntegersIntoResultsJson() throws Exception {
        writeRuns(w3("aligned", 4096), w4(1_000_000, "aligned", true));

        new Report(dir, Harness.provenance(List.of("--engine-commit", "abc1234", "--engine-uncommitted", "",
            "--load-before", "1.50 2.00 2.50", "--load-after", "3.25 2.75 2.50"))).write();
        String json = Files.readString(dir.resolve("results.json"));

        assertTrue(json.contains("\"completed\": 17,"), json);
        assertTrue(json.contains("\"ring_size\": 4096,"), json);
        assertTrue(json.contains("\"keys\": 1000000,"), json);
        assertFalse(json.matches("(?s).*\"(completed|ring_size|keys|events|repeat|cores)\": -?[0-9]+\\.0[,\\n].*"), json);
        assertTrue(json.contains("\"engine_commit\": \"abc1234\""), json);
        assertTrue(json.contains("\"load_avg_before\": [1.5, 2.0, 2.5]"), json);
        assertTrue(json.contains("\"load_avg_after\": [3.25, 2.75, 2.5]"), json);
    }

    @Test
    void shouldShowTheAllocationPerEventInTheW1TableAndSayWhenACountIsALowerBound() throws Exception {
        writeRuns(w1(150.0, 3.5, true, 1), w1(160.0, 4.5, false, 2), w1(170.0, 5.5, true, 3));

        String report = report();
        String header = line(report, "| variant | n | events/s |");
        String row = line(report, "| w1 aligned | 3 |");

        assertTrue(header.contains("| GC n | GC max pause ms | alloc B/event | ckpt-thread alloc B/event |"), header);
        assertTrue(row.contains("| 4 | 12 | 160.0 | 4.5 |"), row);
        String note = line(report, "`alloc B/event`");
        assertTrue(note.contains("user functions"), note);
        assertTrue(note.contains("A thread of the job ended inside the window of w1 aligned r2"), note);
    }

    private String report() throws Exception {
        new Report(dir).write();
        return Files.readString(dir.resolve("report.md"));
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst()
            .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + text));
    }

    @SafeVarargs
    private void writeRuns(Map<String, Object>... runs) throws Exception {
        Path runsDir = Files.createDirectories(dir.resolve("runs"));
        for (int i = 0; i < runs.length; i++) {
            Files.writeString(runsDir.resolve(String.format("%02d.json", i + 1)), Json.write(runs[i]));
        }
    }

    private static Map<String, Object> w1(double allocPerEvent, double checkpointAllocPerEvent, boolean complete,
                                          int repeat) {
        Map<String, Object> run = RunObject.of(RunSpec.parse(List.of("--workload", "w1", "--mode", "aligned",
            "--repeat", Integer.toString(repeat))));
        run.put("events_per_s", 10_000_000L);
        run.put("gc", Map.of("count", 4L, "time_ms", 30L, "max_pause_ms", 12L));
        run.put("alloc_bytes_per_event", allocPerEvent);
        run.put("checkpoint_alloc_bytes_per_event", checkpointAllocPerEvent);
        run.put("alloc", Map.of("complete", complete));
        return run;
    }

    private static Map<String, Object> w2(double lagMs, long lagEvents, boolean grew) {
        Map<String, Object> run = RunObject.of(RunSpec.parse(List.of("--workload", "w2", "--mode", "unaligned",
            "--rate", "100000", "--buffer-timeout-ms", "0")));
        run.put("events_per_s", 100_000L);
        run.put("latency_us", Map.of("p50", 30.0, "p99", 1500.0, "p99_9", 4000.0, "max", 9000.0));
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("start_ms", 0.1);
        lag.put("max_ms", lagMs);
        lag.put("max_events", lagEvents);
        lag.put("end_ms", grew ? lagMs : 0.1);
        lag.put("grew", grew);
        run.put("source_lag", lag);
        W2FixedRate.keptRate(run, 100_000);
        return run;
    }

    private static Map<String, Object> w3(String mode, int ringSize) {
        Map<String, Object> run = RunObject.of(RunSpec.parse(List.of("--workload", "w3", "--mode", mode,
            "--ring-size", Integer.toString(ringSize))));
        run.put("events_per_s", 19_700L);
        Map<String, Object> checkpoints = new LinkedHashMap<>();
        checkpoints.put("completed", 17);
        checkpoints.put("duration_ms_p50", "aligned".equals(mode) ? 220L : 30L);
        checkpoints.put("duration_us_p50", "aligned".equals(mode) ? 220_400L : 30_100L);
        run.put("checkpoints", checkpoints);
        run.put("sink_busy_wait_us", 50L);
        return run;
    }

    private static Map<String, Object> w4(int keys, String mode, boolean failure) {
        Map<String, Object> run = RunObject.of(RunSpec.parse(List.of("--workload", "w4", "--mode", mode,
            "--keys", Integer.toString(keys))));
        run.put("variant", failure ? "with failure" : "baseline, no failure");
        run.put("events", 20L * keys);
        run.put("recovery_ms", failure ? 50.0 : null);
        run.put("exactly_once", true);
        return run;
    }
}
