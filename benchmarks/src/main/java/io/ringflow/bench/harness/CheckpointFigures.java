package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The {@code checkpoints} object of a run, from {@code JobClient.checkpointStats()}: only
 * completed checkpoints whose trigger time lies in the measured window count, as WORKLOADS.md
 * defines it; percentiles are nearest-rank. Also the per-checkpoint series for the plot of
 * duration over time (up to {@link #MAX_SERIES} points: a 1 ms interval would put 10,000 in a run).
 */
final class CheckpointFigures {
    static final int MAX_SERIES = 1000;

    /** The figures kept per checkpoint, each a column of {@link Columns}; the first two place a row in the window. */
    private static final Map<String, ToLongFunction<CheckpointStats>> FIELDS = fields();

    private CheckpointFigures() {
    }

    private static Map<String, ToLongFunction<CheckpointStats>> fields() {
        Map<String, ToLongFunction<CheckpointStats>> fields = new LinkedHashMap<>();
        fields.put("id", CheckpointStats::id);
        fields.put("trigger_ms", CheckpointStats::triggerTimeMs);
        fields.put("status", stats -> stats.status().ordinal());
        fields.put("duration_ms", CheckpointStats::endToEndDurationMs);
        // trigger → last acknowledgement, as Flink reports it, in µs; then to completion (metadata written)
        fields.put("duration_us", CheckpointStats::endToEndDurationMicros);
        fields.put("completion_us", CheckpointStats::completionMicros);
        fields.put("inflight_bytes", CheckpointStats::persistedInFlightBytes);
        fields.put("size_bytes", stats -> stats.stateSizeBytes() + stats.persistedInFlightBytes()); // Flink's checkpointed size
        fields.put("start_delay_ms", CheckpointStats::startDelayMs);
        fields.put("start_delay_us", CheckpointStats::startDelayMicros);
        fields.put("sync_pause_us", CheckpointStats::syncPauseMicros);
        fields.put("alignment_ms", CheckpointStats::alignmentDurationMs);
        fields.put("async_ms", CheckpointStats::asyncDurationMs);
        return fields;
    }

    /** @param windowStartMs epoch ms of the window's start; @param windowEndMs its end */
    static Map<String, Object> of(List<CheckpointStats> all, long windowStartMs, long windowEndMs) {
        Columns columns = new Columns();
        columns.addAll(all);
        return of(columns, windowStartMs, windowEndMs);
    }

    static Map<String, Object> of(Columns columns, long windowStartMs, long windowEndMs) {
        int failed = 0;
        long firstId = Long.MAX_VALUE;
        long lastId = Long.MIN_VALUE;
        int settled = 0;
        int[] completed = new int[columns.size()];
        int inWindow = 0;
        for (int row = 0; row < columns.size(); row++) {
            long triggerMs = columns.get("trigger_ms", row);
            if (triggerMs < windowStartMs || triggerMs > windowEndMs) {
                continue;
            }
            long id = columns.get("id", row);
            firstId = Math.min(firstId, id);
            lastId = Math.max(lastId, id);
            settled++;
            CheckpointStatus status = CheckpointStatus.values()[(int) columns.get("status", row)];
            if (status == CheckpointStatus.COMPLETED) {
                completed[inWindow++] = row;
            } else if (status == CheckpointStatus.FAILED || status == CheckpointStatus.EXPIRED) {
                failed++;
            }
        }
        int[] rows = java.util.Arrays.copyOf(completed, inWindow);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("completed", rows.length);
        for (String field : List.of("duration_ms", "duration_us", "completion_us", "inflight_bytes", "size_bytes")) {
            long[] values = columns.column(field).at(rows);
            figures.put(field + "_p50", nearestRank(values, 50));
            figures.put(field + "_max", nearestRank(values, 100));
        }
        figures.put("start_delay_ms_p50", nearestRank(columns.column("start_delay_ms").at(rows), 50));
        long[] startDelays = columns.column("start_delay_us").at(rows);
        figures.put("start_delay_us_p50", nearestRank(startDelays, 50));
        figures.put("start_delay_us_max", nearestRank(startDelays, 100));
        long[] syncPauses = columns.column("sync_pause_us").at(rows);
        figures.put("sync_pause_us_p50", nearestRank(syncPauses, 50));
        figures.put("sync_pause_us_max", nearestRank(syncPauses, 100));
        figures.put("alignment_ms_p50", nearestRank(columns.column("alignment_ms").at(rows), 50));
        figures.put("async_ms_p50", nearestRank(columns.column("async_ms").at(rows), 50));
        figures.put("failed", failed);
        // ids are consecutive: a gap is a checkpoint whose statistics were not seen (0 when sampled often enough)
        figures.put("stats_missing", settled == 0 ? 0 : lastId - firstId + 1 - settled);
        figures.put("series", rows.length > MAX_SERIES ? null : series(columns, rows, windowStartMs));
        return figures;
    }

    /** {@code [[seconds since window start, duration ms, in-flight bytes], ...]}, by id. */
    private static List<Object> series(Columns columns, int[] rows, long windowStartMs) {
        Integer[] byId = java.util.Arrays.stream(rows).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(byId, java.util.Comparator.comparingLong(row -> columns.get("id", row)));
        List<Object> points = new ArrayList<>();
        for (int row : byId) {
            points.add(List.of((columns.get("trigger_ms", row) - windowStartMs) / 1000.0,
                columns.get("duration_ms", row), columns.get("inflight_bytes", row)));
        }
        return points;
    }

    /** The nearest-rank percentile (the smallest value with at least p % of values at or below it), or null when there are none. */
    static Long nearestRank(long[] values, double p) {
        if (values.length == 0) {
            return null;
        }
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /**
     * The figures of settled checkpoints in {@link LongColumn}s, a row per checkpoint, each added
     * once however many samples show it: a run keeps one per checkpoint of its window (W5: 60,000).
     */
    static final class Columns {
        private final Map<String, LongColumn> columns = new LinkedHashMap<>();
        private final org.agrona.collections.LongHashSet added = new org.agrona.collections.LongHashSet();

        Columns() {
            FIELDS.keySet().forEach(field -> columns.put(field, new LongColumn()));
        }

        /** Adds the settled checkpoints of one sample of the job's newest that no earlier sample held settled. */
        void addAll(List<CheckpointStats> sample) {
            for (CheckpointStats stats : sample) {
                if (stats.status() != CheckpointStatus.IN_PROGRESS && added.add(stats.id())) {
                    FIELDS.forEach((field, value) -> columns.get(field).add(value.applyAsLong(stats)));
                }
            }
        }

        int size() {
            return added.size();
        }

        LongColumn column(String field) {
            return columns.get(field);
        }

        long get(String field, int row) {
            return columns.get(field).get(row);
        }
    }
}
