package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short W5 run: every event emitted becomes visible to the read-committed reader exactly once. */
class W5VisibilityTest {
    @Test
    @Timeout(30)
    @SuppressWarnings("unchecked")
    void shouldReadEveryEventOnceWithCheckpointsEveryMillisecond() {
        Map<String, Object> run = Harness.runOne(RunSpec.parse(List.of("--workload", "w5", "--mode", "unaligned",
            "--rate", "100000", "--interval-ms", "1", "--incremental", "true", "--durability", "page-cache",
            "--keys", "1000", "--warmup-s", "0.5", "--measure-s", "1"))).get(0);

        assertNull(run.get("error"), () -> "run failed: " + run.get("error"));
        Map<String, Object> check = (Map<String, Object>) run.get("count_check");
        assertEquals(Boolean.TRUE, check.get("ok"), () -> "count check: " + check);
        assertEquals(check.get("events_emitted"), check.get("records_read"));
        // Counts, not speed: a slow machine emits fewer events, but they must span many checkpoints.
        assertTrue((Long) check.get("events_emitted") > 1_000, () -> "events: " + check);
        assertTrue(((Number) check.get("last_completed_checkpoint")).longValue() >= 10, () -> "checkpoints: " + check);
        assertEquals(Boolean.TRUE, run.get("exactly_once"));
        assertInstanceOf(Double.class, Stats.number(run, "latency_us.p99"));
        assertTrue(Stats.number(run, "checkpoints.completed") >= 1, () -> "checkpoints: " + run.get("checkpoints"));
        assertEquals(0.0, Stats.number(run, "checkpoints.stats_missing"));
        // the tail of W5 is its slow checkpoints: every completed one is traced
        assertEquals(Stats.number(run, "checkpoints.completed"), Stats.number(run, "checkpoints.traces"));
        assertEquals(0.0, Stats.number(run, "checkpoints.traces_missing"));
        assertEquals(1.0, Stats.number(run, "checkpoint_interval_ms"));
        assertEquals(Boolean.TRUE, run.get("incremental"));
    }
}
