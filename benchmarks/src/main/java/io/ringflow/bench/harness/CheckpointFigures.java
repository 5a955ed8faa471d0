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

    private CheckpointFigures() {
    }

    /** @param windowStartMs epoch ms of the window's start; @param windowEndMs its end */
    static Map<String, Object> of(List<CheckpointStats> all, long windowStartMs, long windowEndMs) {
        List<CheckpointStats> inWindow = new ArrayList<>();
        int failed = 0;
        long firstId = Long.MAX_VALUE;
        long lastId = Long.MIN_VALUE;
        int settled = 0;
        for (CheckpointStats stats : all) {
            if (stats.triggerTimeMs() < windowStartMs || stats.triggerTimeMs() > windowEndMs) {
                continue;
            }
            firstId = Math.min(firstId, stats.id());
            lastId = Math.max(lastId, stats.id());
            settled++;
            if (stats.status() == CheckpointStatus.COMPLETED) {
                inWindow.add(stats);
            } else if (stats.status() == CheckpointStatus.FAILED || stats.status() == CheckpointStatus.EXPIRED) {
                failed++;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("completed", inWindow.size());
        figures.put("duration_ms_p50", nearestRank(inWindow, CheckpointStats::endToEndDurationMs, 50));
        figures.put("duration_ms_max", nearestRank(inWindow, CheckpointStats::endToEndDurationMs, 100));
        // the same (trigger → last acknowledgement, as Flink reports it) in µs, then to completion (metadata written)
        figures.put("duration_us_p50", nearestRank(inWindow, CheckpointStats::endToEndDurationMicros, 50));
        figures.put("duration_us_max", nearestRank(inWindow, CheckpointStats::endToEndDurationMicros, 100));
        figures.put("completion_us_p50", nearestRank(inWindow, CheckpointStats::completionMicros, 50));
        figures.put("completion_us_max", nearestRank(inWindow, CheckpointStats::completionMicros, 100));
        figures.put("inflight_bytes_p50", nearestRank(inWindow, CheckpointStats::persistedInFlightBytes, 50));
        figures.put("inflight_bytes_max", nearestRank(inWindow, CheckpointStats::persistedInFlightBytes, 100));
        figures.put("size_bytes_p50", nearestRank(inWindow, CheckpointFigures::checkpointedSize, 50));
        figures.put("size_bytes_max", nearestRank(inWindow, CheckpointFigures::checkpointedSize, 100));
        figures.put("start_delay_ms_p50", nearestRank(inWindow, CheckpointStats::startDelayMs, 50));
        figures.put("start_delay_us_p50", nearestRank(inWindow, CheckpointStats::startDelayMicros, 50));
        figures.put("start_delay_us_max", nearestRank(inWindow, CheckpointStats::startDelayMicros, 100));
        figures.put("sync_pause_us_p50", nearestRank(inWindow, CheckpointStats::syncPauseMicros, 50));
        figures.put("sync_pause_us_max", nearestRank(inWindow, CheckpointStats::syncPauseMicros, 100));
        figures.put("alignment_ms_p50", nearestRank(inWindow, CheckpointStats::alignmentDurationMs, 50));
        figures.put("async_ms_p50", nearestRank(inWindow, CheckpointStats::asyncDurationMs, 50));
        figures.put("failed", failed);
        // ids are consecutive: a gap is a checkpoint whose statistics were not seen (0 when sampled often enough)
        figures.put("stats_missing", settled == 0 ? 0 : lastId - firstId + 1 - settled);
        figures.put("series", inWindow.size() > MAX_SERIES ? null : series(inWindow, windowStartMs));
        return figures;
    }

    /** {@code [[seconds since window start, duration ms, in-flight bytes], ...]} */
    private static List<Object> series(List<CheckpointStats> checkpoints, long windowStartMs) {
        List<Object> points = new ArrayList<>();
        for (CheckpointStats stats : checkpoints) {
            points.add(List.of((stats.triggerTimeMs() - windowStartMs) / 1000.0, stats.endToEndDurationMs(),
                stats.persistedInFlightBytes()));
        }
        return points;
    }

    /** The nearest-rank percentile (the smallest value with at least p % of values at or below it), or null. */
    static Long nearestRank(List<CheckpointStats> checkpoints, ToLongFunction<CheckpointStats> value, double p) {
        if (checkpoints.isEmpty()) {
            return null;
        }
        return nearestRank(checkpoints.stream().mapToLong(value).toArray(), p);
    }

    /** The nearest-rank percentile of {@code values}, or null when there are none. */
    static Long nearestRank(long[] values, double p) {
        if (values.length == 0) {
            return null;
        }
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Flink's checkpointed size for full heap snapshots: state plus persisted in-flight data. */
    private static long checkpointedSize(CheckpointStats stats) {
        return stats.stateSizeBytes() + stats.persistedInFlightBytes();
    }
}
