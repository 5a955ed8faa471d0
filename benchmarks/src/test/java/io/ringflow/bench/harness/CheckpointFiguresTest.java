package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointFiguresTest {
    private static final long WINDOW_START_MS = 1_000_000;
    private static final long WINDOW_END_MS = 1_010_000;

    @Test
    void shouldCountOnlyCompletedCheckpointsTriggeredInTheWindow() {
        List<CheckpointStats> all = List.of(
            stats(1, WINDOW_START_MS - 1, CheckpointStatus.COMPLETED, 900),
            stats(2, WINDOW_START_MS, CheckpointStatus.COMPLETED, 3_000),
            stats(3, WINDOW_START_MS + 10, CheckpointStatus.FAILED, 7_000),
            stats(4, WINDOW_START_MS + 20, CheckpointStatus.COMPLETED, 1_000),
            stats(5, WINDOW_START_MS + 30, CheckpointStatus.COMPLETED, 2_000),
            stats(6, WINDOW_END_MS + 1, CheckpointStatus.COMPLETED, 50_000));

        Map<String, Object> figures = CheckpointFigures.of(all, WINDOW_START_MS, WINDOW_END_MS);

        assertEquals(3, figures.get("completed"));
        assertEquals(1, figures.get("failed"));
        assertEquals(2_000L, figures.get("duration_us_p50"));
        assertEquals(3_000L, figures.get("duration_us_max"));
        assertEquals(2_500L, figures.get("completion_us_p50"), "completion is the duration plus 500 µs here");
        assertEquals(20L, figures.get("sync_pause_us_p50"));
        assertEquals(0L, figures.get("stats_missing"));
        assertEquals(List.of(List.of(0.0, 3L, 300L), List.of(0.02, 1L, 100L), List.of(0.03, 2L, 200L)), figures.get("series"));
    }

    @Test
    void shouldKeepEachSettledCheckpointOnceOverOverlappingSamples() {
        CheckpointFigures.Columns columns = new CheckpointFigures.Columns();
        List<CheckpointStats> whole = new ArrayList<>();
        for (long id = 1; id <= 3_000; id++) {
            whole.add(stats(id, WINDOW_START_MS + id, CheckpointStatus.COMPLETED, 1_000 + (id * 7_919) % 5_000));
        }
        // the job's newest 1,000, sampled every 400 checkpoints; the newest still in progress when sampled
        for (int end = 400; end <= 3_000; end += 400) {
            List<CheckpointStats> sample = new ArrayList<>(whole.subList(Math.max(0, end - 1_000), end - 1));
            sample.add(inProgress(whole.get(end - 1)));
            columns.addAll(sample);
        }
        columns.addAll(whole.subList(2_000, 3_000));

        assertEquals(3_000, columns.size());
        assertEquals(CheckpointFigures.of(whole, WINDOW_START_MS, WINDOW_END_MS),
            CheckpointFigures.of(columns, WINDOW_START_MS, WINDOW_END_MS));
    }

    @Test
    void shouldCountTheIdsItNeverSaw() {
        Map<String, Object> figures = CheckpointFigures.of(List.of(
            stats(10, WINDOW_START_MS, CheckpointStatus.COMPLETED, 1_000),
            stats(14, WINDOW_START_MS + 4, CheckpointStatus.COMPLETED, 1_000)), WINDOW_START_MS, WINDOW_END_MS);

        assertEquals(3L, figures.get("stats_missing"));
    }

    private static CheckpointStats inProgress(CheckpointStats settled) {
        return new CheckpointStats(settled.id(), settled.triggerTimeMs(), CheckpointStatus.IN_PROGRESS, 0, 0, 0, 0, 0, 0, 0,
            false, null, 0, 0, 0, 0);
    }

    /** Every figure derived from {@code durationMicros}, so that each column can be told apart. */
    private static CheckpointStats stats(long id, long triggerMs, CheckpointStatus status, long durationMicros) {
        return new CheckpointStats(id, triggerMs, status, durationMicros / 1000, 0, durationMicros / 2000, 0, 0,
            durationMicros * 2, durationMicros / 10, true, null, durationMicros / 100, durationMicros / 50, durationMicros,
            durationMicros + 500);
    }
}
