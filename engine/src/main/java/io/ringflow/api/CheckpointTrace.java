package io.ringflow.api;

import java.util.List;

/**
 * Where the time of one checkpoint went: for each task, when each phase of its part happened,
 * and when the coordinator wrote the metadata, completed the checkpoint and notified the tasks.
 * Every time is in microseconds after the coordinator triggered the checkpoint; {@link #NONE}
 * for a phase that did not happen (a source sees no barrier, an aligned checkpoint captures no
 * in-flight records, a task that never acknowledged has nothing after its last phase).
 *
 * @param tasks                 the tasks that acknowledged, by task index
 * @param lastAckSeenMicros     the coordinator took in the last acknowledgement and began completing
 * @param metadataWrittenMicros the metadata was written (and, under durability flush, forced) and retention ran
 * @param completedMicros       the checkpoint was recorded as completed (a savepoint's caller was answered)
 * @param notifiedMicros        every task was told, so sinks may commit; {@link #NONE} for an intermediate savepoint
 */
public record CheckpointTrace(long checkpointId, long triggerTimeMs, CheckpointStatus status, List<TaskTrace> tasks,
                              long lastAckSeenMicros, long metadataWrittenMicros, long completedMicros, long notifiedMicros) {
    public static final long NONE = -1;

    public CheckpointTrace {
        tasks = List.copyOf(tasks);
    }

    /**
     * One task's part.
     *
     * @param triggerSeenMicros       a task triggered directly (a source): when its thread ran the trigger
     * @param barrierVisibleMicros    per input channel: when the barrier's marker was first seen
     * @param barrierReachedMicros    per input channel: when every record before the barrier was processed
     * @param syncStartMicros         the synchronous snapshot began (aligned: alignment ended)
     * @param syncEndMicros           operators snapshotted and the barrier placed on every output
     * @param captureEndMicros        unaligned: the in-flight records of every channel up to its barrier were captured
     * @param asyncStartMicros        the snapshot writer began writing this task's part
     * @param inFlightWrittenMicros   unaligned: the in-flight records were written and their ring slots released
     * @param streamFinishMicros        start and end of each state or in-flight stream finished (a file:
     *                                written out and, under durability flush, forced), in pairs
     * @param asyncEndMicros          every stream of the part written
     * @param acknowledgedMicros      the acknowledgement was sent to the coordinator
     */
    public record TaskTrace(int taskIndex, String taskName, long triggerSeenMicros, long[] barrierVisibleMicros,
                            long[] barrierReachedMicros, long syncStartMicros, long syncEndMicros, long captureEndMicros,
                            long asyncStartMicros, long inFlightWrittenMicros, long[] streamFinishMicros,
                            long asyncEndMicros, long acknowledgedMicros) {
        /** When the task began its part: the trigger ran, or the first barrier of any input was seen. */
        public long startMicros() {
            long start = triggerSeenMicros;
            for (long visible : barrierVisibleMicros) {
                if (visible != NONE && (start == NONE || visible < start)) {
                    start = visible;
                }
            }
            return start;
        }

        /** One line: the task's phases in the order they happen. */
        public String describe() {
            StringBuilder out = new StringBuilder(taskName).append(':');
            if (triggerSeenMicros != NONE) {
                out.append(" trigger seen ").append(micros(triggerSeenMicros)).append(',');
            }
            if (barrierVisibleMicros.length > 0) {
                out.append(" barriers seen ").append(list(barrierVisibleMicros))
                    .append(", reached ").append(list(barrierReachedMicros)).append(',');
            }
            out.append(" sync ").append(span(syncStartMicros, syncEndMicros));
            if (captureEndMicros != NONE) {
                out.append(", in-flight captured ").append(micros(captureEndMicros));
            }
            out.append(", async ").append(span(asyncStartMicros, asyncEndMicros));
            if (inFlightWrittenMicros != NONE) {
                out.append(" (in-flight written ").append(micros(inFlightWrittenMicros)).append(')');
            }
            out.append(", ").append(streamFinishMicros.length / 2).append(streamFinishMicros.length == 2 ? " stream" : " streams");
            for (int i = 0; i + 1 < streamFinishMicros.length; i += 2) {
                out.append(i == 0 ? " " : ", ").append(span(streamFinishMicros[i], streamFinishMicros[i + 1]));
            }
            return out.append(", acknowledged ").append(micros(acknowledgedMicros)).toString();
        }
    }

    /** The task that acknowledged last, or null when none did. */
    public TaskTrace lastAcknowledged() {
        TaskTrace last = null;
        for (TaskTrace task : tasks) {
            if (task.acknowledgedMicros() != NONE && (last == null || task.acknowledgedMicros() > last.acknowledgedMicros())) {
                last = task;
            }
        }
        return last;
    }

    /** The latest time every task had begun its part: how long the barrier took to reach the last task. */
    public long lastStartMicros() {
        long last = NONE;
        for (TaskTrace task : tasks) {
            last = Math.max(last, task.startMicros());
        }
        return last;
    }

    /** The phases in one line, for a log: when the last task began, synced, acknowledged; metadata; notified. */
    public String summary() {
        long lastSyncEnd = NONE;
        long longestSync = 0;
        for (TaskTrace task : tasks) {
            lastSyncEnd = Math.max(lastSyncEnd, task.syncEndMicros());
            if (task.syncStartMicros() != NONE && task.syncEndMicros() != NONE) {
                longestSync = Math.max(longestSync, task.syncEndMicros() - task.syncStartMicros());
            }
        }
        TaskTrace last = lastAcknowledged();
        return "trace µs: last task began " + micros(lastStartMicros()) + ", last sync end " + micros(lastSyncEnd)
            + " (longest sync " + micros(longestSync) + "), last ack " + (last == null ? "-" : micros(last.acknowledgedMicros())
            + " (" + last.taskName() + ")") + ", seen " + micros(lastAckSeenMicros) + ", metadata " + micros(metadataWrittenMicros) + ", completed "
            + micros(completedMicros) + ", notified " + micros(notifiedMicros);
    }

    /** Every phase of every task, one task per line, then the coordinator's: what {@code checkpoints show} prints. */
    public String format() {
        StringBuilder out = new StringBuilder("checkpoint ").append(checkpointId).append(' ').append(status)
            .append(", triggered at ").append(java.time.Instant.ofEpochMilli(triggerTimeMs))
            .append("; times in µs after the trigger\n");
        for (TaskTrace task : tasks) {
            out.append("  ").append(task.describe()).append('\n');
        }
        return out.append("  coordinator: last acknowledgement seen ").append(micros(lastAckSeenMicros))
            .append(", metadata written ").append(micros(metadataWrittenMicros)).append(", completed ")
            .append(micros(completedMicros)).append(", notified ").append(micros(notifiedMicros)).append('\n').toString();
    }

    private static String span(long from, long to) {
        return micros(from) + "–" + micros(to);
    }

    private static String list(long[] times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times.length; i++) {
            out.append(i == 0 ? "" : "/").append(micros(times[i]));
        }
        return out.toString();
    }

    /** Digits grouped by thousands; by hand: {@code String.format} took most of the coordinator's time per trace. */
    static String micros(long micros) {
        if (micros == NONE) {
            return "-";
        }
        String digits = Long.toString(micros);
        int sign = micros < 0 ? 1 : 0;
        int first = sign + ((digits.length() - sign) % 3 == 0 ? 3 : (digits.length() - sign) % 3);
        StringBuilder out = new StringBuilder(digits.length() + 6).append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }
}
