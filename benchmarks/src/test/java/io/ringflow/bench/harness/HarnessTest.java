package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the harness still runs: a W1 run with a 1 s measured window, its JSON, and the report. */
class HarnessTest {
    private static final List<String> REQUIRED = List.of("workload", "mode", "rate", "events_per_s", "latency_us",
        "checkpoints", "recovery_ms", "exactly_once");

    @TempDir
    Path dir;

    @Test
    @Timeout(20)
    @SuppressWarnings("unchecked")
    void shouldRunW1AndWriteEveryRequiredField() throws Exception {
        Path file = dir.resolve("runs/01-w1.json");
        int status = Harness.execute(new String[] {"run", "--out", file.toString(), "--workload", "w1", "--mode", "none",
            "--warmup-s", "0.3", "--measure-s", "1"});

        Map<String, Object> run = (Map<String, Object>) Json.parse(Files.readString(file));
        assertEquals(0, status, () -> "run failed: " + run.get("error"));
        assertTrue(run.keySet().containsAll(REQUIRED), () -> "missing fields in " + run.keySet());
        assertEquals("w1", run.get("workload"));
        assertEquals("none", run.get("mode"));
        assertNull(run.get("rate"));
        assertTrue(Stats.number(run, "events_per_s") > 0, "events_per_s");
        for (String percentile : List.of("p50", "p99", "p99_9", "max")) {
            assertInstanceOf(Double.class, Stats.number(run, "latency_us." + percentile), percentile);
        }
        assertEquals(0.0, Stats.number(run, "checkpoints.completed"));
        assertInstanceOf(Double.class, Stats.number(run, "gc.max_pause_ms"));

        new Report(dir).write();
        Map<String, Object> results = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("results.json")));
        assertTrue(results.get("machine") instanceof Map);
        assertEquals(1, ((List<Object>) results.get("runs")).size());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| w1 none | 1 |"));
        assertTrue(Files.readString(dir.resolve("latency-none.svg")).contains("<polyline"));
    }

    @Test
    @Timeout(20)
    void shouldFillTheCheckpointsObjectOfACheckpointedRun() {
        // The first checkpoint creates the job's storage and can take a second or two on a busy machine.
        Map<String, Object> run = Harness.runOne(RunSpec.parse(List.of("--workload", "w1", "--mode", "unaligned",
            "--warmup-s", "2", "--measure-s", "1"))).get(0);

        assertNull(run.get("error"), () -> "run failed: " + run.get("error"));
        assertTrue(Stats.number(run, "checkpoints.completed") >= 1, () -> "checkpoints: " + run.get("checkpoints"));
        assertInstanceOf(Double.class, Stats.number(run, "checkpoints.duration_ms_p50"));
        assertInstanceOf(Double.class, Stats.number(run, "checkpoints.inflight_bytes_p50"));
    }

    @Test
    @Timeout(60)
    void shouldRecoverW4ExactlyOnceAndTimeTheRecovery() {
        // rate-limited to about 1.3 s, so that checkpoints (every 500 ms) complete before the failure at 95 %
        List<Map<String, Object>> runs = Harness.runOne(RunSpec.parse(List.of("--workload", "w4", "--keys", "1000",
            "--events", "200000", "--rate", "150000")));

        assertEquals(3, runs.size());
        for (Map<String, Object> run : runs) {
            assertNull(run.get("error"), () -> "run failed: " + run.get("error"));
            assertEquals(Boolean.TRUE, run.get("exactly_once"), () -> "not exactly once: " + run);
        }
        assertEquals(0.0, Stats.number(runs.get(0), "restarts"));
        assertEquals(1.0, Stats.number(runs.get(2), "restarts"));
        assertTrue(Stats.number(runs.get(1), "recovery_ms") > 0, () -> "recovery: " + runs.get(1));
        for (Map<String, Object> failed : runs.subList(1, 3)) {
            assertTrue(Stats.number(failed, "restored_checkpoint_id") >= 1, () -> "restored a real checkpoint: " + failed);
            assertTrue(Stats.number(failed, "records_reprocessed") < Stats.number(failed, "records_before_failure"),
                () -> "restored from a checkpoint, not from the start: " + failed);
        }
    }

    @Test
    @Timeout(20)
    @SuppressWarnings("unchecked")
    void shouldRecordTheW2SourceLagInsideTheMeasuredWindow() {
        Map<String, Object> run = Harness.runOne(RunSpec.parse(List.of("--workload", "w2", "--mode", "none",
            "--rate", "100000", "--buffer-timeout-ms", "0", "--warmup-s", "0.3", "--measure-s", "1"))).get(0);

        assertNull(run.get("error"), () -> "run failed: " + run.get("error"));
        Map<String, Object> lag = (Map<String, Object>) run.get("source_lag");
        for (String field : List.of("start_ms", "max_ms", "end_ms")) {
            assertInstanceOf(Double.class, lag.get(field), field);
        }
        for (String field : List.of("start_events", "max_events", "end_events")) {
            assertInstanceOf(Long.class, lag.get(field), field);
        }
        assertInstanceOf(Boolean.class, lag.get("grew"));
        assertInstanceOf(Boolean.class, run.get("kept_rate"));
        assertTrue((Double) lag.get("max_ms") >= (Double) lag.get("end_ms"), () -> "the maximum includes the end: " + lag);
        assertInstanceOf(List.class, ((Map<String, Object>) run.get("load_avg")).get("start"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReadBackWhatItWrites() {
        Map<String, Object> run = RunObject.of(RunSpec.parse(List.of("--workload", "w2", "--rate", "500000")));

        Map<String, Object> read = (Map<String, Object>) Json.parse(Json.write(run));
        assertEquals(List.copyOf(run.keySet()), List.copyOf(read.keySet()));
        assertEquals(500_000L, read.get("rate"));
        assertEquals(run.get("jvm_args"), read.get("jvm_args"));
        assertNull(read.get("recovery_ms"));
    }
}
