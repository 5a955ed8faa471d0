package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.CheckpointTrace.TaskTrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where the checkpoints of a run spent their time, from {@code JobClient.checkpointTraces()}:
 * the same checkpoints as {@link CheckpointFigures} (completed, triggered inside the window);
 * per phase the nearest-rank median and 99th percentile over them ({@code trace_p50_us},
 * {@code trace_p99_us}), and the whole trace of
 * the checkpoint whose end-to-end duration (trigger → completed) is the median
 * ({@code median_trace}, drawn by {@link Waterfall}). Times in µs after the trigger; a phase
 * that did not happen ({@link CheckpointTrace#NONE}) is null.
 */
final class TraceFigures {
    /** The phases of {@code trace_p50_us}: when the last task got there, then the coordinator's. */
    private static final Map<String, ToLongFunction<CheckpointTrace>> PHASES = phases();

    private TraceFigures() {
    }

    private static Map<String, ToLongFunction<CheckpointTrace>> phases() {
        Map<String, ToLongFunction<CheckpointTrace>> phases = new LinkedHashMap<>();
        phases.put("last_task_began", CheckpointTrace::lastStartMicros);
        phases.put("last_sync_end", trace -> latest(trace, TaskTrace::syncEndMicros));
        phases.put("last_capture_end", trace -> latest(trace, TaskTrace::captureEndMicros));
        phases.put("last_in_flight_written", trace -> latest(trace, TaskTrace::inFlightWrittenMicros));
        phases.put("last_async_end", trace -> latest(trace, TaskTrace::asyncEndMicros));
        phases.put("last_ack", trace -> latest(trace, TaskTrace::acknowledgedMicros));
        phases.put("last_ack_seen", CheckpointTrace::lastAckSeenMicros);
        phases.put("metadata_written", CheckpointTrace::metadataWrittenMicros);
        phases.put("completed", CheckpointTrace::completedMicros);
        phases.put("notified", CheckpointTrace::notifiedMicros);
        return phases;
    }

    /**
     * {@code traces} (completed in the window), {@code traces_missing} (completed checkpoints of
     * the window without a trace), {@code trace_p50_us}, {@code trace_p99_us} and {@code median_trace}.
     *
     * @param completed how many checkpoints {@link CheckpointFigures} counted in the same window
     */
    static Map<String, Object> of(List<CheckpointTrace> all, long windowStartMs, long windowEndMs, long completed) {
        List<CheckpointTrace> inWindow = all.stream()
            .filter(trace -> trace.status() == CheckpointStatus.COMPLETED && trace.completedMicros() != CheckpointTrace.NONE)
            .filter(trace -> trace.triggerTimeMs() >= windowStartMs && trace.triggerTimeMs() <= windowEndMs)
            .toList();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("traces", inWindow.size());
        figures.put("traces_missing", Math.max(0, completed - inWindow.size()));
        Map<String, Object> medians = new LinkedHashMap<>();
        PHASES.forEach((phase, time) -> medians.put(phase, CheckpointFigures.nearestRank(
            inWindow.stream().mapToLong(time).filter(micros -> micros != CheckpointTrace.NONE).toArray(), 50)));
        figures.put("trace_p50_us", medians);
        Map<String, Object> tails = new LinkedHashMap<>(); // where the slow checkpoints lose their time
        PHASES.forEach((phase, time) -> tails.put(phase, CheckpointFigures.nearestRank(
            inWindow.stream().mapToLong(time).filter(micros -> micros != CheckpointTrace.NONE).toArray(), 99)));
        figures.put("trace_p99_us", tails);
        figures.put("median_trace", inWindow.isEmpty() ? null : json(median(inWindow)));
        return figures;
    }

    /** The trace at the nearest-rank median of the end-to-end durations (ties: the lower id). */
    static CheckpointTrace median(List<CheckpointTrace> traces) {
        List<CheckpointTrace> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparingLong(CheckpointTrace::completedMicros).thenComparingLong(CheckpointTrace::checkpointId));
        return sorted.get(Math.max((int) Math.ceil(sorted.size() / 2.0), 1) - 1);
    }

    /** One trace as a JSON object: its tasks with their phase times, then the coordinator's. */
    static Map<String, Object> json(CheckpointTrace trace) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("checkpoint_id", trace.checkpointId());
        object.put("trigger_time_ms", trace.triggerTimeMs());
        object.put("status", trace.status().name());
        object.put("end_to_end_us", micros(trace.completedMicros()));
        List<Object> tasks = new ArrayList<>();
        for (TaskTrace task : trace.tasks()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("index", task.taskIndex());
            t.put("name", task.taskName());
            t.put("began_us", micros(task.startMicros()));
            t.put("trigger_seen_us", micros(task.triggerSeenMicros()));
            t.put("barrier_seen_us", list(task.barrierVisibleMicros()));
            t.put("barrier_reached_us", list(task.barrierReachedMicros()));
            t.put("sync_start_us", micros(task.syncStartMicros()));
            t.put("sync_end_us", micros(task.syncEndMicros()));
            t.put("capture_end_us", micros(task.captureEndMicros()));
            t.put("async_start_us", micros(task.asyncStartMicros()));
            t.put("in_flight_written_us", micros(task.inFlightWrittenMicros()));
            List<Object> streams = new ArrayList<>();
            long[] finish = task.streamFinishMicros();
            for (int i = 0; i + 1 < finish.length; i += 2) {
                streams.add(list(new long[] {finish[i], finish[i + 1]}));
            }
            t.put("streams_us", streams);
            t.put("async_end_us", micros(task.asyncEndMicros()));
            t.put("acknowledged_us", micros(task.acknowledgedMicros()));
            tasks.add(t);
        }
        object.put("tasks", tasks);
        Map<String, Object> coordinator = new LinkedHashMap<>();
        coordinator.put("last_ack_seen_us", micros(trace.lastAckSeenMicros()));
        coordinator.put("metadata_written_us", micros(trace.metadataWrittenMicros()));
        coordinator.put("completed_us", micros(trace.completedMicros()));
        coordinator.put("notified_us", micros(trace.notifiedMicros()));
        object.put("coordinator", coordinator);
        return object;
    }

    /** The latest time any task reached a phase, or NONE when none did. */
    private static long latest(CheckpointTrace trace, ToLongFunction<TaskTrace> phase) {
        long latest = CheckpointTrace.NONE;
        for (TaskTrace task : trace.tasks()) {
            latest = Math.max(latest, phase.applyAsLong(task));
        }
        return latest;
    }

    private static Long micros(long micros) {
        return micros == CheckpointTrace.NONE ? null : micros;
    }

    private static List<Object> list(long[] times) {
        List<Object> values = new ArrayList<>();
        for (long time : times) {
            values.add(micros(time));
        }
        return values;
    }
}
