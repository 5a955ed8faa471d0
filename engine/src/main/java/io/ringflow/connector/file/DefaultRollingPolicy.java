package io.ringflow.connector.file;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a part file is closed and the next begins, besides every checkpoint, as Flink's
 * {@code DefaultRollingPolicy}: at its size (128 MB by default), its age (60 s) or a pause in
 * writing to it (60 s), each looked at when the next record for its bucket comes.
 */
public final class DefaultRollingPolicy implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long partSizeBytes;
    private final long rolloverIntervalMs;
    private final long inactivityIntervalMs;

    private DefaultRollingPolicy(long partSizeBytes, long rolloverIntervalMs, long inactivityIntervalMs) {
        if (partSizeBytes <= 0 || rolloverIntervalMs <= 0 || inactivityIntervalMs <= 0) {
            throw new IllegalArgumentException("a rolling policy needs a part size, a rollover interval and an "
                + "inactivity interval above 0, got " + partSizeBytes + " B, " + rolloverIntervalMs + " ms, "
                + inactivityIntervalMs + " ms");
        }
        this.partSizeBytes = partSizeBytes;
        this.rolloverIntervalMs = rolloverIntervalMs;
        this.inactivityIntervalMs = inactivityIntervalMs;
    }

    public static PolicyBuilder builder() {
        return new PolicyBuilder();
    }

    boolean shouldRoll(long sizeBytes, long openedAtMs, long lastWriteMs, long nowMs) {
        return sizeBytes >= partSizeBytes || nowMs - openedAtMs >= rolloverIntervalMs
            || nowMs - lastWriteMs >= inactivityIntervalMs;
    }

    public long getMaxPartSize() {
        return partSizeBytes;
    }

    public long getRolloverInterval() {
        return rolloverIntervalMs;
    }

    public long getInactivityInterval() {
        return inactivityIntervalMs;
    }

    public static final class PolicyBuilder {
        private long partSizeBytes = 128L * 1024 * 1024;
        private long rolloverIntervalMs = 60_000;
        private long inactivityIntervalMs = 60_000;

        public PolicyBuilder withMaxPartSize(long bytes) {
            this.partSizeBytes = bytes;
            return this;
        }

        public PolicyBuilder withRolloverInterval(Duration interval) {
            this.rolloverIntervalMs = interval.toMillis();
            return this;
        }

        public PolicyBuilder withInactivityInterval(Duration interval) {
            this.inactivityIntervalMs = interval.toMillis();
            return this;
        }

        public DefaultRollingPolicy build() {
            return new DefaultRollingPolicy(partSizeBytes, rolloverIntervalMs, inactivityIntervalMs);
        }
    }
}
