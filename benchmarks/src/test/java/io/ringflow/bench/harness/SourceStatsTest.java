package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixed-rate source's lag behind its schedule, over the whole run and inside the measured window. */
class SourceStatsTest {
    private static final long MS = 1_000_000;

    @Test
    void shouldComputeTheLagOfAnInstantFromTheSchedule() {
        // 1,000 events/s from t = 0: event i is due at i ms.
        assertEquals(new SourceStats.Lag(0, 0), SourceStats.lagOf(0, 1000, 10, 5 * MS), "ahead of schedule");
        assertEquals(new SourceStats.Lag(0, 1), SourceStats.lagOf(0, 1000, 10, 10 * MS), "event 10 due now");
        // At 25 ms events 0..25 are due; 10 emitted: 16 behind, the next one 15 ms late.
        assertEquals(new SourceStats.Lag(15 * MS, 16), SourceStats.lagOf(0, 1000, 10, 25 * MS));
        assertEquals(new SourceStats.Lag(0, 0), SourceStats.lagOf(0, 0, 10, 25 * MS), "no schedule yet");
    }

    @Test
    void shouldCountOnlyTheLagInsideTheWindowAndSeeASourceStalledAtItsEnd() {
        SourceStats stats = new SourceStats();
        stats.schedule(1000, 0);
        stats.emitting(0, 300 * MS); // warm-up: 300 ms behind, 301 events
        for (long seq = 1; seq <= 1000; seq++) {
            stats.emitting(seq, seq * MS); // then on time
        }
        stats.openWindow(1000 * MS + MS / 2);
        stats.emitting(1001, 1002 * MS); // 1 ms late inside the window
        for (long seq = 1002; seq <= 1500; seq++) {
            stats.emitting(seq, seq * MS);
        }
        // Stalled from 1,500 ms on: nothing is emitted, so only the harness sees the lag at the end.
        Map<String, Object> lag = stats.closeWindow(1600 * MS);

        assertEquals(300.0, SourceStats.millis(stats.maxLagNs()), "whole run, warm-up included");
        assertEquals(301L, stats.maxBacklogEvents());
        assertEquals(0.0, lag.get("start_ms"));
        assertEquals(99.0, lag.get("end_ms"), "event 1501 was due at 1,501 ms");
        assertEquals(100L, lag.get("end_events"));
        assertEquals(99.0, lag.get("max_ms"));
        assertEquals(100L, lag.get("max_events"));
        assertEquals(Boolean.TRUE, lag.get("grew"));
    }

    @Test
    void shouldNotFlagALagThatRecoveredInsideTheWindow() {
        SourceStats stats = new SourceStats();
        stats.schedule(1000, 0);
        stats.emitting(0, 0);
        stats.openWindow(MS / 2);
        stats.emitting(1, 41 * MS); // a 40 ms stall, then back to back and on time again
        for (long seq = 2; seq <= 100; seq++) {
            stats.emitting(seq, Math.max(41 * MS, seq * MS));
        }
        Map<String, Object> lag = stats.closeWindow(100 * MS + MS / 2);

        assertEquals(40.0, lag.get("max_ms"));
        assertEquals(41L, lag.get("max_events"));
        assertEquals(0.0, lag.get("end_ms"));
        assertEquals(Boolean.FALSE, lag.get("grew"));
        stats.emitting(101, 500 * MS);
        assertEquals(40.0, stats.closeWindow(100 * MS + MS / 2).get("max_ms"), "after the window nothing counts");
    }

    @Test
    void shouldNotKeepTheRateWhenTheLagGrewEvenIfEnoughEventsArrived() {
        Map<String, Object> run = new java.util.LinkedHashMap<>(Map.of("events_per_s", 99_000L,
            "source_lag", Map.of("grew", true)));
        W2FixedRate.keptRate(run, 100_000);
        assertEquals(Boolean.TRUE, run.get("kept_up"), "≥ 98 % of the rate at the sink");
        assertEquals(Boolean.FALSE, run.get("kept_rate"));

        run.put("source_lag", Map.of("grew", false));
        W2FixedRate.keptRate(run, 100_000);
        assertEquals(Boolean.TRUE, run.get("kept_rate"));

        run.put("events_per_s", 90_000L);
        W2FixedRate.keptRate(run, 100_000);
        assertEquals(Boolean.FALSE, run.get("kept_up"));
        assertEquals(Boolean.FALSE, run.get("kept_rate"));
    }
}
