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
 * that did not happen ({@link CheckpointTrace#NONE}) is null. The {@link #SLOWEST} slowest
 * checkpoints by end-to-end duration come with their phases ({@code slowest}): the job keeps only
 * its newest traces whole, so a stall's checkpoint is known by the phase it lost its time in.
 */
final class TraceFigures {
    /** The phases of {@code trace_p50_us}: when the last task got there, then the coordinator's. */
    private static final Map<String, ToLongFunction<CheckpointTrace>> PHASES = phases();
    /** How many of the slowest checkpoints {@code slowest} lists. */
    static final int SLOWEST = 5;

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
        Columns columns = new Columns();
        columns.addAll(all);
        return of(columns, all, windowStartMs, windowEndMs, completed);
    }

    /**
     * As {@link #of(List, long, long, long)} from the phases of every trace as columns, with
     * {@code recent} (the newest traces, whole) for {@code median_trace}: the trace of the median
     * checkpoint when it is among them, else the one among them whose end-to-end duration is
     * nearest the median's (W5's window holds 60,000 checkpoints; the job keeps its newest 1,000).
     */
    static Map<String, Object> of(Columns columns, List<CheckpointTrace> recent, long windowStartMs, long windowEndMs,
                                  long completed) {
        int[] inWindow = columns.inWindow(windowStartMs, windowEndMs);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("traces", inWindow.length);
        figures.put("traces_missing", Math.max(0, completed - inWindow.length));
        Map<String, Object> medians = new LinkedHashMap<>();
        Map<String, Object> tails = new LinkedHashMap<>(); // where the slow checkpoints lose their time
        int phase = 0;
        for (String name : PHASES.keySet()) {
            long[] times = columns.phase(phase++, inWindow);
            medians.put(name, CheckpointFigures.nearestRank(times, 50));
            tails.put(name, CheckpointFigures.nearestRank(times, 99));
        }
        figures.put("trace_p50_us", medians);
        figures.put("trace_p99_us", tails);
        figures.put("median_trace", inWindow.length == 0 ? null : json(median(columns, inWindow, recent, windowStartMs, windowEndMs)));
        figures.put("slowest", slowest(columns, inWindow, windowStartMs));
        return figures;
    }

    /** The slowest checkpoints of the window, slowest first: id, trigger time in the window (ms) and the phases. */
    private static List<Map<String, Object>> slowest(Columns columns, int[] inWindow, long windowStartMs) {
        List<Map<String, Object>> slowest = new ArrayList<>();
        java.util.Arrays.stream(inWindow).boxed()
            .sorted(Comparator.<Integer>comparingLong(row -> columns.endToEnd.get(row)).reversed()
                .thenComparingLong(row -> columns.ids.get(row)))
            .limit(SLOWEST)
            .forEach(row -> {
                Map<String, Object> checkpoint = new LinkedHashMap<>();
                checkpoint.put("checkpoint_id", columns.ids.get(row));
                checkpoint.put("trigger_in_window_ms", columns.triggerMs.get(row) - windowStartMs);
                int phase = 0;
                for (String name : PHASES.keySet()) {
                    checkpoint.put(name, micros(columns.phases[phase++].get(row)));
                }
                CheckpointTrace whole = columns.slowestKept(columns.ids.get(row));
                checkpoint.put("trace", whole == null ? null : json(whole));
                slowest.add(checkpoint);
            });
        return slowest;
    }

    /** The trace at the nearest-rank median of the end-to-end durations (ties: the lower id). */
    static CheckpointTrace median(List<CheckpointTrace> traces) {
        List<CheckpointTrace> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparingLong(CheckpointTrace::completedMicros).thenComparingLong(CheckpointTrace::checkpointId));
        return sorted.get(Math.max((int) Math.ceil(sorted.size() / 2.0), 1) - 1);
    }

    private static CheckpointTrace median(Columns columns, int[] inWindow, List<CheckpointTrace> recent,
                                          long windowStartMs, long windowEndMs) {
        Integer[] order = new Integer[inWindow.length];
        for (int i = 0; i < inWindow.length; i++) {
            order[i] = inWindow[i];
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingLong(row -> columns.endToEnd.get(row))
            .thenComparingLong(row -> columns.ids.get(row)));
        int medianRow = order[Math.max((int) Math.ceil(order.length / 2.0), 1) - 1];
        long id = columns.ids.get(medianRow);
        long endToEnd = columns.endToEnd.get(medianRow);
        CheckpointTrace nearest = null;
        for (CheckpointTrace trace : recent) {
            if (!counts(trace, windowStartMs, windowEndMs)) {
                continue;
            }
            if (trace.checkpointId() == id) {
                return trace;
            }
            long distance = Math.abs(trace.completedMicros() - endToEnd);
            if (nearest == null || distance < Math.abs(nearest.completedMicros() - endToEnd)
                || distance == Math.abs(nearest.completedMicros() - endToEnd) && trace.checkpointId() < nearest.checkpointId()) {
                nearest = trace;
            }
        }
        return nearest != null ? nearest : recent.get(recent.size() - 1);
    }

    private static boolean counts(CheckpointTrace trace, long windowStartMs, long windowEndMs) {
        return trace.status() == CheckpointStatus.COMPLETED && trace.completedMicros() != CheckpointTrace.NONE
            && trace.triggerTimeMs() >= windowStartMs && trace.triggerTimeMs() <= windowEndMs;
    }

    /** The phases of completed traces in {@link LongColumn}s, a row per trace (a whole trace is about 0.7 KB). */
    static final class Columns {
        private final LongColumn ids = new LongColumn();
        private final LongColumn triggerMs = new LongColumn();
        private final LongColumn endToEnd = new LongColumn();
        private final LongColumn[] phases = new LongColumn[PHASES.size()];
        // a trace stays among the job's newest for a run of samples: the last sample's ids find it again
        private org.agrona.collections.LongHashSet lastSample = new org.agrona.collections.LongHashSet();
        private org.agrona.collections.LongHashSet thisSample = new org.agrona.collections.LongHashSet();
        // the slowest traces triggered from keepSlowestFromMs on, whole: fastest first, at most SLOWEST
        private final java.util.PriorityQueue<CheckpointTrace> slowestKept =
            new java.util.PriorityQueue<>(Comparator.comparingLong(CheckpointTrace::completedMicros));
        private long keepSlowestFromMs = Long.MAX_VALUE;

        Columns() {
            for (int i = 0; i < phases.length; i++) {
                phases[i] = new LongColumn();
            }
        }

        /** Adds the completed traces of one sample of the job's newest that the last sample did not hold. */
        void addAll(List<CheckpointTrace> sample) {
            thisSample.clear();
            for (CheckpointTrace trace : sample) {
                if (trace.status() != CheckpointStatus.COMPLETED || trace.completedMicros() == CheckpointTrace.NONE) {
                    continue;
                }
                thisSample.add(trace.checkpointId());
                if (!lastSample.contains(trace.checkpointId())) {
                    add(trace);
                }
            }
            org.agrona.collections.LongHashSet swap = lastSample;
            lastSample = thisSample;
            thisSample = swap;
        }

        /** From now on keeps whole the slowest traces triggered at or after {@code triggerMs} (the window's start). */
        void keepSlowestFrom(long triggerMs) {
            keepSlowestFromMs = triggerMs;
            slowestKept.clear();
        }

        CheckpointTrace slowestKept(long checkpointId) {
            for (CheckpointTrace trace : slowestKept) {
                if (trace.checkpointId() == checkpointId) {
                    return trace;
                }
            }
            return null;
        }

        private void add(CheckpointTrace trace) {
            if (trace.triggerTimeMs() >= keepSlowestFromMs) {
                slowestKept.add(trace);
                if (slowestKept.size() > SLOWEST) {
                    slowestKept.poll();
                }
            }
            ids.add(trace.checkpointId());
            triggerMs.add(trace.triggerTimeMs());
            endToEnd.add(trace.completedMicros());
            int i = 0;
            for (ToLongFunction<CheckpointTrace> time : PHASES.values()) {
                phases[i++].add(time.applyAsLong(trace));
            }
        }

        int[] inWindow(long windowStartMs, long windowEndMs) {
            return java.util.stream.IntStream.range(0, ids.size())
                .filter(row -> triggerMs.get(row) >= windowStartMs && triggerMs.get(row) <= windowEndMs)
                .toArray();
        }

        long[] phase(int phase, int[] rows) {
            return java.util.Arrays.stream(rows).mapToLong(phases[phase]::get)
                .filter(micros -> micros != CheckpointTrace.NONE).toArray();
        }
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
