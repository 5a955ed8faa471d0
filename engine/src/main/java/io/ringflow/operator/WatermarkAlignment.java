package io.ringflow.operator;

import io.ringflow.api.Clock;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The watermark alignment groups of the running jobs: each aligned source subtask is a member of
 * its job's group of that name, publishes its watermark and whether it is idle, and asks before
 * reading whether it is too far ahead of the group's lowest active watermark (Flink's
 * {@code maxAllowedWatermarkDrift}). Members leave when their input ends or their attempt closes.
 */
final class WatermarkAlignment {
    private static final ConcurrentHashMap<String, List<Member>> GROUPS = new ConcurrentHashMap<>();
    /** Between two looks at the clock while not paused: the clock costs more than the check. */
    private static final int POLLS_PER_CLOCK_READ = 1024;

    private WatermarkAlignment() {
    }

    /** {@code attemptId}: the job's id and attempt, so that a restarted attempt never waits for the last one's members. */
    static Member join(String attemptId, String group, long maxDriftMs, long updateIntervalMs, Clock clock) {
        String key = attemptId + "/" + group;
        Member member = new Member(key, maxDriftMs, updateIntervalMs, clock);
        GROUPS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(member);
        return member;
    }

    /** One source subtask in its group. Its own fields are the task thread's; the volatile ones are read by the others. */
    static final class Member {
        private final String key;
        private final long maxDriftMs;
        private final long updateIntervalMs;
        private final Clock clock;
        private volatile long watermark = Long.MIN_VALUE;
        private volatile boolean idle;
        private volatile boolean left;
        private long maxAllowed = Long.MIN_VALUE; // the bound last computed: nothing allowed before the first look
        private long nextLookMs;
        private int polls;

        private Member(String key, long maxDriftMs, long updateIntervalMs, Clock clock) {
            this.key = key;
            this.maxDriftMs = maxDriftMs;
            this.updateIntervalMs = updateIntervalMs;
            this.clock = clock;
        }

        void watermark(long watermark) {
            this.watermark = watermark;
        }

        void idle(boolean idle) {
            this.idle = idle;
        }

        /** Whether the subtask must not read now: its watermark is past the group's lowest plus the drift. */
        boolean mustPause() {
            long own = watermark;
            if (own <= maxAllowed && (++polls % POLLS_PER_CLOCK_READ != 0 || clock.currentTimeMillis() < nextLookMs)) {
                return false;
            }
            maxAllowed = maxAllowed();
            nextLookMs = clock.currentTimeMillis() + updateIntervalMs;
            return own > maxAllowed;
        }

        private long maxAllowed() {
            long lowest = Long.MAX_VALUE;
            for (Member member : GROUPS.getOrDefault(key, List.of())) {
                if (!member.left && !member.idle) {
                    lowest = Math.min(lowest, member.watermark);
                }
            }
            return lowest > Long.MAX_VALUE - maxDriftMs ? Long.MAX_VALUE : lowest + maxDriftMs;
        }

        /** The subtask's input ended or its attempt closed: it holds no one back any more. Idempotent. */
        void leave() {
            if (left) {
                return;
            }
            left = true;
            GROUPS.computeIfPresent(key, (k, members) -> {
                members.remove(this);
                return members.isEmpty() ? null : members;
            });
        }
    }
}
