package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.CheckpointTrace.TaskTrace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ringflow.api.CheckpointTrace.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The trace figures of a run: which checkpoints count, the phase medians and the median checkpoint. */
class TraceFiguresTest {
    private static final long WINDOW_START_MS = 10_000;
    private static final long WINDOW_END_MS = 20_000;

    @Test
    @SuppressWarnings("unchecked")
    void shouldTakeTheMediansOfTheCompletedCheckpointsOfTheWindow() {
        List<CheckpointTrace> traces = List.of(
            trace(1, 9_999, CheckpointStatus.COMPLETED, 10),        // before the window
            trace(2, 11_000, CheckpointStatus.COMPLETED, 300),
            trace(3, 12_000, CheckpointStatus.COMPLETED, 100),
            trace(4, 13_000, CheckpointStatus.FAILED, 50),
            trace(5, 14_000, CheckpointStatus.COMPLETED, 200),
            trace(6, 20_001, CheckpointStatus.COMPLETED, 1));       // after it

        Map<String, Object> figures = TraceFigures.of(traces, WINDOW_START_MS, WINDOW_END_MS, 4);

        assertEquals(3, figures.get("traces"));
        assertEquals(1L, figures.get("traces_missing"));
        Map<String, Object> medians = (Map<String, Object>) figures.get("trace_p50_us");
        assertEquals(2_000L, medians.get("last_task_began"));       // keyed task's first barrier, 10 × 200
        assertEquals(2_400L, medians.get("last_sync_end"));
        assertNull(medians.get("last_capture_end"), "aligned: nothing captured");
        assertNull(medians.get("last_in_flight_written"));
        assertEquals(5_000L, medians.get("last_ack"));
        assertEquals(20_000L, medians.get("completed"));
        Map<String, Object> tails = (Map<String, Object>) figures.get("trace_p99_us");
        assertEquals(3_000L, tails.get("last_task_began"), "the slowest of three");
        assertEquals(30_000L, tails.get("completed"));
        assertNull(tails.get("last_capture_end"));
        assertNull(medians.get("notified"));
        Map<String, Object> median = (Map<String, Object>) figures.get("median_trace");
        assertEquals(5L, median.get("checkpoint_id"));
        assertEquals(20_000L, median.get("end_to_end_us"));
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) median.get("tasks");
        assertEquals(List.of("Source (1/1)", "Sink (1/1)"), tasks.stream().map(task -> task.get("name")).toList());
        assertEquals(java.util.Arrays.asList(2_000L, null), tasks.get(1).get("barrier_seen_us"));
        assertEquals(List.of(List.of(2_600L, 2_800L)), tasks.get(1).get("streams_us"));
        List<Map<String, Object>> slowest = (List<Map<String, Object>>) figures.get("slowest");
        assertEquals(List.of(2L, 5L, 3L), slowest.stream().map(c -> c.get("checkpoint_id")).toList(),
            "the completed checkpoints of the window, slowest first");
        assertEquals(1_000L, slowest.get(0).get("trigger_in_window_ms"));
        assertEquals(30_000L, slowest.get(0).get("completed"));
        assertEquals(3_000L, slowest.get(0).get("last_task_began"));
        assertNull(slowest.get(0).get("last_capture_end"));
    }

    /**
     * A run keeps its traces as columns of their phases and only the job's newest whole: the
     * figures are those of the whole list, and the median trace is the median checkpoint's when
     * still held, else the held one of the window nearest its end-to-end duration.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldTakeTheMedianTraceFromTheNewestWhenTheMedianCheckpointIsNoLongerHeld() {
        CheckpointTrace slowest = trace(2, 11_000, CheckpointStatus.COMPLETED, 300);
        CheckpointTrace fastest = trace(3, 12_000, CheckpointStatus.COMPLETED, 100);
        CheckpointTrace slower = trace(5, 14_000, CheckpointStatus.COMPLETED, 200);
        CheckpointTrace median = trace(7, 15_000, CheckpointStatus.COMPLETED, 190); // 2nd of 4 by end-to-end
        CheckpointTrace afterWindow = trace(8, 20_001, CheckpointStatus.COMPLETED, 190);
        List<CheckpointTrace> all = List.of(slowest, fastest, slower, median, afterWindow);
        TraceFigures.Columns columns = new TraceFigures.Columns();
        columns.addAll(all);
        columns.addAll(List.of(median, afterWindow)); // sampled again: counted once

        Map<String, Object> held = TraceFigures.of(columns, List.of(slower, median, afterWindow), WINDOW_START_MS, WINDOW_END_MS, 4);
        Map<String, Object> gone = TraceFigures.of(columns, List.of(slowest, slower, afterWindow), WINDOW_START_MS, WINDOW_END_MS, 4);

        Map<String, Object> whole = TraceFigures.of(all, WINDOW_START_MS, WINDOW_END_MS, 4);
        assertEquals(4, held.get("traces"));
        assertEquals(whole.get("trace_p50_us"), held.get("trace_p50_us"));
        assertEquals(whole.get("trace_p99_us"), held.get("trace_p99_us"));
        assertEquals(whole.get("median_trace"), held.get("median_trace"));
        assertEquals(7L, ((Map<String, Object>) held.get("median_trace")).get("checkpoint_id"));
        assertEquals(5L, ((Map<String, Object>) gone.get("median_trace")).get("checkpoint_id"),
            "20,000 µs is the nearest to the median's 19,000 among those of the window still held");
        assertEquals(whole.get("trace_p50_us"), gone.get("trace_p50_us"));
    }

    /** The slowest checkpoints of the window keep their whole trace, though the job no longer holds it. */
    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepTheSlowestTracesOfTheWindowWhole() {
        TraceFigures.Columns columns = new TraceFigures.Columns();
        columns.addAll(List.of(trace(1, 9_000, CheckpointStatus.COMPLETED, 900))); // before the window: no candidate
        columns.keepSlowestFrom(WINDOW_START_MS);
        List<CheckpointTrace> window = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            window.add(trace(10 + i, 11_000 + i, CheckpointStatus.COMPLETED, 100 + 10 * ((i * 3) % 8)));
        }
        columns.addAll(window);

        Map<String, Object> figures = TraceFigures.of(columns, List.of(window.get(7)), WINDOW_START_MS, WINDOW_END_MS, 8);

        List<Map<String, Object>> slowest = (List<Map<String, Object>>) figures.get("slowest");
        assertEquals(TraceFigures.SLOWEST, slowest.size());
        assertEquals(List.of(15L, 12L, 17L, 14L, 11L), slowest.stream().map(c -> c.get("checkpoint_id")).toList());
        for (Map<String, Object> checkpoint : slowest) {
            Map<String, Object> trace = (Map<String, Object>) checkpoint.get("trace");
            assertEquals(checkpoint.get("checkpoint_id"), trace.get("checkpoint_id"));
            assertEquals(checkpoint.get("completed"), trace.get("end_to_end_us"));
        }
    }

    @Test
    void shouldHaveNoMedianTraceWithoutCheckpoints() {
        Map<String, Object> figures = TraceFigures.of(List.of(), WINDOW_START_MS, WINDOW_END_MS, 0);

        assertEquals(0, figures.get("traces"));
        assertNull(figures.get("median_trace"));
    }

    /** Two tasks of an aligned checkpoint; every time scales with {@code unit} µs. */
    private static CheckpointTrace trace(long id, long triggerMs, CheckpointStatus status, long unit) {
        TaskTrace source = new TaskTrace(0, "Source (1/1)", unit, new long[0], new long[0], 2 * unit, 3 * unit, NONE,
            4 * unit, NONE, new long[] {5 * unit, 6 * unit}, 7 * unit, 8 * unit);
        TaskTrace sink = new TaskTrace(1, "Sink (1/1)", NONE, new long[] {10 * unit, NONE}, new long[] {11 * unit, NONE},
            11 * unit, 12 * unit, NONE, 12 * unit, NONE, new long[] {13 * unit, 14 * unit}, 24 * unit, 25 * unit);
        return new CheckpointTrace(id, triggerMs, status, List.of(source, sink), 26 * unit, 98 * unit, 100 * unit, NONE);
    }
}
