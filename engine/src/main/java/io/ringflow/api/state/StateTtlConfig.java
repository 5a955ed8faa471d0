package io.ringflow.api.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state, as Flink's {@code StateTtlConfig}: a value (a list element, a map
 * entry) not written (or, with {@link UpdateType#OnReadAndWrite}, not read either) for the TTL
 * expires and is removed. Enable it on a descriptor with {@link StateDescriptor#enableTimeToLive}.
 *
 * <pre>{@code
 * StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofHours(1))
 *     .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
 *     .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
 *     .build();
 * descriptor.enableTimeToLive(ttl);
 * }</pre>
 *
 * <p>Time is processing time (the job's clock). Expired values are removed when read, a few at a
 * time by every access of the state ({@link Builder#cleanupIncrementally}, on by default), and are
 * left out of full checkpoints and savepoints with {@link Builder#cleanupFullSnapshot}. Each value
 * carries its last access time (8 bytes), so a state keeps its TTL setting: restoring a state
 * checkpointed with TTL into one without it (or the reverse) is refused with both types named.
 */
public final class StateTtlConfig implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** When a value's time-to-live starts again. */
    public enum UpdateType {
        /** No time-to-live: the state never expires. */
        Disabled,
        /** On creation and on every write. */
        OnCreateAndWrite,
        /** On creation, every write and every read. */
        OnReadAndWrite
    }

    /** Whether a read may return a value that expired but was not removed yet. */
    public enum StateVisibility {
        /** An expired value is returned once, and removed by that read. */
        ReturnExpiredIfNotCleanedUp,
        /** An expired value is never returned (it is removed when read). */
        NeverReturnExpired
    }

    /** The time a time-to-live counts in; only processing time, as in Flink. */
    public enum TtlTimeCharacteristic {
        ProcessingTime
    }

    /** The TTL of a disabled configuration; what {@link #DISABLED} holds. */
    public static final StateTtlConfig DISABLED = newBuilder(Duration.ofMillis(Long.MAX_VALUE))
        .setUpdateType(UpdateType.Disabled).build();

    /** Entries checked per state access by default, as Flink's heap backend. */
    public static final int DEFAULT_CLEANUP_SIZE = 5;

    private final UpdateType updateType;
    private final StateVisibility visibility;
    private final Duration ttl;
    private final boolean cleanupFullSnapshot;
    private final int incrementalCleanupSize; // 0: no incremental cleanup
    private final boolean cleanupForEveryRecord;

    private StateTtlConfig(Builder b) {
        this.updateType = b.updateType;
        this.visibility = b.visibility;
        this.ttl = b.ttl;
        this.cleanupFullSnapshot = b.cleanupFullSnapshot;
        this.incrementalCleanupSize = b.backgroundCleanup ? b.incrementalCleanupSize : 0;
        this.cleanupForEveryRecord = b.backgroundCleanup && b.cleanupForEveryRecord;
    }

    /** A builder for a time-to-live of {@code ttl} (at least 1 ms). */
    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    public UpdateType getUpdateType() {
        return updateType;
    }

    public StateVisibility getStateVisibility() {
        return visibility;
    }

    public Duration getTtl() {
        return ttl;
    }

    public TtlTimeCharacteristic getTtlTimeCharacteristic() {
        return TtlTimeCharacteristic.ProcessingTime;
    }

    /** False for {@link UpdateType#Disabled}. */
    public boolean isEnabled() {
        return updateType != UpdateType.Disabled;
    }

    /** Whether full checkpoints and savepoints leave expired values out. */
    public boolean isCleanupInFullSnapshot() {
        return cleanupFullSnapshot;
    }

    /** Entries checked for expiry per access of the state; 0 when incremental cleanup is off. */
    public int getIncrementalCleanupSize() {
        return incrementalCleanupSize;
    }

    /** Whether incremental cleanup also runs for every record the operator processes. */
    public boolean isIncrementalCleanupForEveryRecord() {
        return cleanupForEveryRecord;
    }

    @Override
    public String toString() {
        return "StateTtlConfig{ttl=" + ttl + ", updateType=" + updateType + ", visibility=" + visibility
            + ", cleanupFullSnapshot=" + cleanupFullSnapshot + ", incrementalCleanupSize=" + incrementalCleanupSize
            + ", cleanupForEveryRecord=" + cleanupForEveryRecord + "}";
    }

    /** Builds a {@link StateTtlConfig}; the defaults are Flink's. */
    public static final class Builder {
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility visibility = StateVisibility.NeverReturnExpired;
        private Duration ttl;
        private boolean cleanupFullSnapshot;
        private boolean backgroundCleanup = true;
        private int incrementalCleanupSize = DEFAULT_CLEANUP_SIZE;
        private boolean cleanupForEveryRecord;

        private Builder(Duration ttl) {
            setTtl(ttl);
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = Objects.requireNonNull(updateType, "updateType");
            return this;
        }

        public Builder updateTtlOnCreateAndWrite() {
            return setUpdateType(UpdateType.OnCreateAndWrite);
        }

        public Builder updateTtlOnReadAndWrite() {
            return setUpdateType(UpdateType.OnReadAndWrite);
        }

        public Builder setStateVisibility(StateVisibility visibility) {
            this.visibility = Objects.requireNonNull(visibility, "visibility");
            return this;
        }

        public Builder returnExpiredIfNotCleanedUp() {
            return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
        }

        public Builder neverReturnExpired() {
            return setStateVisibility(StateVisibility.NeverReturnExpired);
        }

        /** Only processing time exists, as in Flink. */
        public Builder setTtlTimeCharacteristic(TtlTimeCharacteristic characteristic) {
            Objects.requireNonNull(characteristic, "characteristic");
            return this;
        }

        public Builder useProcessingTime() {
            return this;
        }

        public Builder setTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.toMillis() < 1) {
                throw new IllegalArgumentException("a state TTL is at least 1 ms, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** Full checkpoints and savepoints leave expired values out (incremental links do not look). */
        public Builder cleanupFullSnapshot() {
            this.cleanupFullSnapshot = true;
            return this;
        }

        /**
         * Every access of the state checks the next {@code cleanupSize} entries of its key groups for
         * expiry (and, with {@code runCleanupForEveryRecord}, every record the operator processes).
         */
        public Builder cleanupIncrementally(int cleanupSize, boolean runCleanupForEveryRecord) {
            if (cleanupSize < 1) {
                throw new IllegalArgumentException("incremental cleanup checks at least 1 entry per access, got "
                    + cleanupSize + "; use disableCleanupInBackground() to turn it off");
            }
            this.backgroundCleanup = true;
            this.incrementalCleanupSize = cleanupSize;
            this.cleanupForEveryRecord = runCleanupForEveryRecord;
            return this;
        }

        /** No incremental cleanup: expired values go when read, or with {@link #cleanupFullSnapshot}. */
        public Builder disableCleanupInBackground() {
            this.backgroundCleanup = false;
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(this);
        }
    }
}
