package io.ringflow.api;

import io.ringflow.storage.StorageOptions;

import java.time.Duration;
import java.util.Map;

/**
 * Every checkpoint option of Flink, by setter or by Flink's configuration key (see
 * {@link #configure}). Checked in one place, {@link #validate()}, when the job is built: a bad
 * combination names the key and the fix.
 */
public final class CheckpointConfig {
    public static final String INTERVAL = "execution.checkpointing.interval";
    public static final String MODE = "execution.checkpointing.mode";
    public static final String TIMEOUT = "execution.checkpointing.timeout";
    public static final String MIN_PAUSE = "execution.checkpointing.min-pause";
    public static final String MAX_CONCURRENT = "execution.checkpointing.max-concurrent-checkpoints";
    public static final String TOLERABLE_FAILURES = "execution.checkpointing.tolerable-failed-checkpoints";
    public static final String UNALIGNED = "execution.checkpointing.unaligned";
    public static final String ALIGNED_TIMEOUT = "execution.checkpointing.aligned-checkpoint-timeout";
    public static final String AFTER_TASKS_FINISH = "execution.checkpointing.checkpoints-after-tasks-finish";
    /** Flink 2's name; Flink 1's {@code state.backend.incremental} is read too. */
    public static final String INCREMENTAL = "execution.checkpointing.incremental";
    /** Flink's option to checkpoint iterative jobs; rejected, see {@link #setForceCheckpointing}. */
    public static final String FORCE = "execution.checkpointing.force";
    /** Ringflow's own: how long checkpoint work on a background thread runs before it yields its core. */
    public static final String YIELD_AFTER = "ringflow.checkpoint.yield-after-us";
    /** The longest {@link #YIELD_AFTER}: beyond a second the kernel's own time slice ends first anyway. */
    public static final int MAX_YIELD_AFTER_US = 1_000_000;
    static final String FORCE_UNSUPPORTED = "Ringflow has no iterative jobs (a cyclic graph is rejected), so there is "
        + "nothing to force: every job with an interval is checkpointed";
    /** The shortest interval for full checkpoints, as in Flink. */
    public static final long MIN_INTERVAL_MS = 10;
    /** The shortest interval for incremental checkpoints, which write only what changed. */
    public static final long MIN_INCREMENTAL_INTERVAL_MS = 1;

    /** What happens to retained checkpoints when the job is cancelled. */
    /** What becomes of a job's checkpoints when it ends, as Flink's externalized-checkpoint retention. */
    public enum ExternalizedCheckpointCleanup {
        /** Kept when the job is cancelled, fails for good or finishes (the default here). */
        RETAIN_ON_CANCELLATION,
        /** Deleted when the job is cancelled. */
        DELETE_ON_CANCELLATION,
        /** Deleted whenever the job ends (Flink 2's default); a killed process leaves them for a restore. */
        NO_EXTERNALIZED_CHECKPOINTS
    }

    private long intervalMs = -1;
    private CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE;
    private long timeoutMs = 600_000;
    private long minPauseMs;
    private int maxConcurrent = 1;
    private int tolerableFailures;
    private boolean unaligned;
    private long alignedTimeoutMs;
    private boolean checkpointsAfterTasksFinish = true;
    private boolean incremental;
    private int yieldAfterMicros;
    /** A job keeps this many checkpoint files made ahead (its end frees them): enough for a task's state and in-flight files. */
    public static final int DEFAULT_SPARE_FILES = 4;
    private final StorageOptions.Builder storage = StorageOptions.builder().spareFiles(DEFAULT_SPARE_FILES);

    /** True once an interval was set. */
    public boolean isCheckpointingEnabled() {
        return intervalMs > 0;
    }

    public CheckpointConfig setCheckpointInterval(long intervalMs) {
        this.intervalMs = intervalMs;
        return this;
    }

    public long getCheckpointInterval() {
        return intervalMs;
    }

    public CheckpointConfig setCheckpointingMode(CheckpointingMode mode) {
        this.mode = mode;
        return this;
    }

    public CheckpointingMode getCheckpointingMode() {
        return mode;
    }

    /** A checkpoint not complete after this long is expired (counted as a failure). Default 10 min. */
    public CheckpointConfig setCheckpointTimeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    public long getCheckpointTimeout() {
        return timeoutMs;
    }

    /** At least this long between the end of one checkpoint and the start of the next. Default 0. */
    public CheckpointConfig setMinPauseBetweenCheckpoints(long minPauseMs) {
        this.minPauseMs = minPauseMs;
        return this;
    }

    public long getMinPauseBetweenCheckpoints() {
        return minPauseMs;
    }

    /** Checkpoints in progress at once. Default 1. */
    public CheckpointConfig setMaxConcurrentCheckpoints(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
        return this;
    }

    public int getMaxConcurrentCheckpoints() {
        return maxConcurrent;
    }

    /** Consecutive failed checkpoints tolerated before the job fails over. Default 0. */
    public CheckpointConfig setTolerableCheckpointFailureNumber(int failures) {
        this.tolerableFailures = failures;
        return this;
    }

    public int getTolerableCheckpointFailureNumber() {
        return tolerableFailures;
    }

    public CheckpointConfig enableUnalignedCheckpoints() {
        return enableUnalignedCheckpoints(true);
    }

    public CheckpointConfig enableUnalignedCheckpoints(boolean enabled) {
        this.unaligned = enabled;
        return this;
    }

    /**
     * Checkpoints write only the keyed state changed since the last completed one, as a chain of
     * shared files (savepoints stay full); off by default, as in Flink.
     */
    public CheckpointConfig enableIncrementalCheckpoints(boolean enabled) {
        this.incremental = enabled;
        return this;
    }

    public boolean isIncrementalCheckpointsEnabled() {
        return incremental;
    }

    public boolean isUnalignedCheckpointsEnabled() {
        return unaligned;
    }

    /** Start aligned; switch a checkpoint to unaligned when its alignment takes longer than this. 0 = off. */
    public CheckpointConfig setAlignedCheckpointTimeout(Duration timeout) {
        this.alignedTimeoutMs = timeout.toMillis();
        return this;
    }

    public long getAlignedCheckpointTimeoutMs() {
        return alignedTimeoutMs;
    }

    /**
     * The snapshot writer and the commit yield their core after this many microseconds of work, so
     * that a task thread woken on that core waits at most about that long (see the README's
     * latency-first configuration). 0, the default: they run to the end of their work or time slice,
     * which keeps checkpoints shortest when task threads never sleep.
     */
    public CheckpointConfig setYieldAfterMicros(int micros) {
        this.yieldAfterMicros = micros;
        storage.yieldAfterNanos(micros * 1_000L);
        return this;
    }

    public int getYieldAfterMicros() {
        return yieldAfterMicros;
    }

    /** Keep checkpointing after some tasks finished (default true), as Flink 1.15+. */
    public CheckpointConfig setCheckpointsAfterTasksFinish(boolean enabled) {
        this.checkpointsAfterTasksFinish = enabled;
        return this;
    }

    public boolean isCheckpointsAfterTasksFinish() {
        return checkpointsAfterTasksFinish;
    }

    /**
     * Flink's switch to checkpoint iterative jobs. A Ringflow job cannot be iterative, so
     * {@code true} would promise something that never happens and is rejected.
     *
     * @deprecated as in Flink; every job with an interval is checkpointed
     * @throws InvalidJobException when {@code force} is true
     */
    @Deprecated
    public CheckpointConfig setForceCheckpointing(boolean force) {
        if (force) {
            throw new InvalidJobException("forced checkpointing (" + FORCE + ") is not supported: " + FORCE_UNSUPPORTED);
        }
        return this;
    }

    public CheckpointConfig setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup cleanup) {
        storage.cancelRetention(StorageOptions.CancelRetention.valueOf(cleanup.name()));
        return this;
    }

    /** Flink 2's name for {@link ExternalizedCheckpointCleanup}: the same three choices. */
    public enum ExternalizedCheckpointRetention {
        RETAIN_ON_CANCELLATION,
        DELETE_ON_CANCELLATION,
        NO_EXTERNALIZED_CHECKPOINTS
    }

    /** Flink 2's name for {@link #setExternalizedCheckpointCleanup}. */
    public CheckpointConfig setExternalizedCheckpointRetention(ExternalizedCheckpointRetention retention) {
        return setExternalizedCheckpointCleanup(ExternalizedCheckpointCleanup.valueOf(retention.name()));
    }

    /** Where checkpoints go: {@code state.checkpoint-storage}, {@code state.checkpoints.dir}, ... */
    public StorageOptions.Builder storage() {
        return storage;
    }

    /**
     * Sets options by Flink's keys ({@code execution.checkpointing.*}, {@code state.*}); keys of
     * other systems are left alone, a key Ringflow does not take fails (see the README).
     */
    public CheckpointConfig configure(Map<String, String> config) {
        ConfigKeys.resolve(config).forEach(this::set);
        return this;
    }

    /** Sets one option by the key {@link ConfigKeys} resolved it to. */
    void set(String key, String rawValue) {
        String value = rawValue.trim();
        try {
            switch (key) {
                case INTERVAL -> intervalMs = positiveInterval(key, value);
                case MODE -> mode = ConfigParsing.enumValue(key, value, CheckpointingMode.class);
                case TIMEOUT -> timeoutMs = ConfigParsing.durationMs(key, value);
                case MIN_PAUSE -> minPauseMs = ConfigParsing.durationMs(key, value);
                case MAX_CONCURRENT -> maxConcurrent = ConfigParsing.integer(key, value);
                case TOLERABLE_FAILURES -> tolerableFailures = ConfigParsing.integer(key, value);
                case UNALIGNED -> unaligned = ConfigParsing.bool(key, value);
                case ALIGNED_TIMEOUT -> alignedTimeoutMs = ConfigParsing.durationMs(key, value);
                case AFTER_TASKS_FINISH -> checkpointsAfterTasksFinish = ConfigParsing.bool(key, value);
                case INCREMENTAL -> incremental = ConfigParsing.bool(key, value);
                case YIELD_AFTER -> setYieldAfterMicros(ConfigParsing.integer(key, value));
                default -> {
                    if (!ConfigKeys.STORAGE.contains(key)) {
                        throw new InvalidJobException(key + " is not a checkpoint option; pass it to "
                            + "StreamEnvironment.configure(...)");
                    }
                    storage.set(key, value);
                }
            }
        } catch (IllegalArgumentException e) {
            throw ConfigParsing.naming(key, e);
        }
    }

    /** An interval given in a configuration: 0 or less would turn checkpointing off without a word, as leaving the key out does. */
    private static long positiveInterval(String key, String value) {
        long ms = ConfigParsing.durationMs(key, value);
        if (ms <= 0) {
            throw new InvalidJobException(key + " is " + value + "; give an interval of at least " + MIN_INTERVAL_MS
                + " ms (" + MIN_INCREMENTAL_INTERVAL_MS + " ms with " + INCREMENTAL + "), or leave the key out for no checkpoints");
        }
        return ms;
    }

    /** Fails on a value or combination that cannot run, naming the key and the fix. */
    public void validate() {
        check(yieldAfterMicros >= 0 && yieldAfterMicros <= MAX_YIELD_AFTER_US, YIELD_AFTER + " must be 0 (never yield) to "
            + MAX_YIELD_AFTER_US + " µs, got " + yieldAfterMicros + "; 50 lets a waiting task in within about 50 µs");
        if (!isCheckpointingEnabled()) {
            return;
        }
        if (intervalMs < MIN_INTERVAL_MS && !incremental) {
            throw new InvalidJobException(INTERVAL + " is " + intervalMs + " ms, below the minimum of " + MIN_INTERVAL_MS
                + " ms for full checkpoints, which write the whole state each time; use a longer interval, or turn on "
                + INCREMENTAL + " for intervals down to " + MIN_INCREMENTAL_INTERVAL_MS + " ms");
        }
        check(timeoutMs >= MIN_INTERVAL_MS, TIMEOUT + " must be at least " + MIN_INTERVAL_MS + " ms, got " + timeoutMs);
        check(minPauseMs >= 0, MIN_PAUSE + " must be >= 0, got " + minPauseMs);
        check(maxConcurrent >= 1, MAX_CONCURRENT + " must be >= 1, got " + maxConcurrent);
        check(tolerableFailures >= 0, TOLERABLE_FAILURES + " must be >= 0, got " + tolerableFailures);
        check(alignedTimeoutMs >= 0, ALIGNED_TIMEOUT + " must be >= 0, got " + alignedTimeoutMs);
        if (unaligned && mode == CheckpointingMode.AT_LEAST_ONCE) {
            throw new InvalidJobException(UNALIGNED + " needs " + MODE + " EXACTLY_ONCE; set the mode to EXACTLY_ONCE "
                + "or turn unaligned checkpoints off");
        }
        if (unaligned && maxConcurrent > 1) {
            throw new InvalidJobException(UNALIGNED + " allows only one checkpoint at a time, but " + MAX_CONCURRENT
                + " is " + maxConcurrent + "; set it to 1");
        }
        if (minPauseMs > 0 && maxConcurrent > 1) {
            throw new InvalidJobException(MIN_PAUSE + " (" + minPauseMs + " ms) implies one checkpoint at a time, but "
                + MAX_CONCURRENT + " is " + maxConcurrent + "; set one of them back to its default (0 / 1)");
        }
        if (alignedTimeoutMs > 0 && !unaligned) {
            throw new InvalidJobException(ALIGNED_TIMEOUT + " switches aligned checkpoints to unaligned, so it needs "
                + UNALIGNED + " true; enable unaligned checkpoints or remove the timeout");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidJobException(message);
        }
    }

    /** The storage options, checked. */
    public StorageOptions storageOptions() {
        try {
            return storage.conclude();
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage(), e);
        }
    }
}
