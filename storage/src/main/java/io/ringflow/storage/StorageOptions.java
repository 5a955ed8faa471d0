package io.ringflow.storage;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The storage options of a job, under Flink's key names so a Flink user's habits carry over.
 * Build from a map of keys ({@link #fromMap}) or with the builder; every option is checked in
 * one place, {@link Builder#conclude()}, and a bad value fails with the key and the fix.
 *
 * <pre>
 * key                                                   default
 * state.checkpoint-storage                              filesystem when a dir is set, else jobmanager
 * state.checkpoints.dir                                 (none; required by filesystem)
 * state.checkpoints.num-retained                        1
 * state.savepoints.dir                                  (none)
 * state.storage.fs.memory-threshold                     20 kb (at most 1 mb)
 * state.storage.fs.write-buffer-size                    4096
 * state.storage.fs.durability                           flush | page-cache, default flush
 * state.storage.fs.spare-files                          0 here, 4 in a job's checkpoint config (0 to 64)
 * execution.checkpointing.file-merging.enabled          false
 * execution.checkpointing.externalized-checkpoint-retention
 *                                                       RETAIN_ON_CANCELLATION | DELETE_ON_CANCELLATION
 *                                                       | NO_EXTERNALIZED_CHECKPOINTS
 * </pre>
 */
public final class StorageOptions {
    public static final String CHECKPOINT_STORAGE = "state.checkpoint-storage";
    public static final String CHECKPOINTS_DIR = "state.checkpoints.dir";
    public static final String NUM_RETAINED = "state.checkpoints.num-retained";
    public static final String SAVEPOINTS_DIR = "state.savepoints.dir";
    public static final String MEMORY_THRESHOLD = "state.storage.fs.memory-threshold";
    public static final String WRITE_BUFFER_SIZE = "state.storage.fs.write-buffer-size";
    public static final String DURABILITY = "state.storage.fs.durability";
    /** Files made ahead of need per job, mapped with their first pages touched: see {@code SpareFiles}. */
    public static final String SPARE_FILES = "state.storage.fs.spare-files";
    public static final int MAX_SPARE_FILES = 64;
    /**
     * A checkpoint's streams of one subtask share a file, not a file each: within the checkpoint
     * (see {@code SubtaskFiles}) or, across checkpoints, the subtask's open log in {@code shared/}
     * (see {@code SharedLog}).
     */
    public static final String FILE_MERGING = "execution.checkpointing.file-merging.enabled";
    /** With file merging: the subtask's log in {@code shared/} for many checkpoints instead of a file per checkpoint. */
    public static final String FILE_MERGING_ACROSS_BOUNDARY = "execution.checkpointing.file-merging.across-checkpoint-boundary";
    /** A subtask's log in {@code shared/} rolls to a new file once past this (Flink's maximum size of a merged file). */
    public static final String FILE_MERGING_MAX_FILE_SIZE = "execution.checkpointing.file-merging.max-file-size";
    public static final String EXTERNALIZED_RETENTION = "execution.checkpointing.externalized-checkpoint-retention";

    public static final int DEFAULT_NUM_RETAINED = 1;
    public static final int DEFAULT_MEMORY_THRESHOLD = 20 * 1024;
    public static final int MAX_MEMORY_THRESHOLD = 1024 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 4096;
    public static final int MAX_WRITE_BUFFER_SIZE = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;
    public static final int MIN_MAX_FILE_SIZE = 4 * 1024;
    public static final int MAX_MAX_FILE_SIZE = 1024 * 1024 * 1024;

    /** Where snapshots live: on the heap of this process, or in Chronicle mapped files. */
    public enum Kind { JOBMANAGER, FILESYSTEM }

    /** When a checkpoint counts as complete: after its files reach the disk, or the page cache. */
    public enum Durability { FLUSH, PAGE_CACHE }

    /** What cancelling a job does to its retained checkpoints. */
    /** Flink's externalized-checkpoint retention: what becomes of a job's checkpoints when it ends. */
    public enum CancelRetention {
        /** Kept when the job is cancelled, fails for good or finishes. */
        RETAIN_ON_CANCELLATION,
        /** Deleted when the job is cancelled; kept when it fails for good or finishes. */
        DELETE_ON_CANCELLATION,
        /** Deleted whenever the job ends (cancelled, failed for good, finished); a killed process leaves them. */
        NO_EXTERNALIZED_CHECKPOINTS;

        /** Whether a job's checkpoints go at its end ({@code cancelled}: by a cancel). */
        public boolean discards(boolean cancelled) {
            return this == NO_EXTERNALIZED_CHECKPOINTS || this == DELETE_ON_CANCELLATION && cancelled;
        }
    }

    private final Kind kind;
    private final Path checkpointsDir;
    private final int numRetained;
    private final Path savepointsDir;
    private final int memoryThreshold;
    private final int writeBufferSize;
    private final int spareFiles;
    private final boolean fileMerging;
    private final boolean fileMergingAcrossCheckpoints;
    private final int maxFileSize;
    private final long yieldAfterNanos;
    private final Durability durability;
    private final CancelRetention cancelRetention;
    private final Consumer<String> warnings;

    private StorageOptions(StorageOptions other, Consumer<String> warnings) {
        kind = other.kind;
        checkpointsDir = other.checkpointsDir;
        numRetained = other.numRetained;
        savepointsDir = other.savepointsDir;
        memoryThreshold = other.memoryThreshold;
        writeBufferSize = other.writeBufferSize;
        spareFiles = other.spareFiles;
        fileMerging = other.fileMerging;
        fileMergingAcrossCheckpoints = other.fileMergingAcrossCheckpoints;
        maxFileSize = other.maxFileSize;
        yieldAfterNanos = other.yieldAfterNanos;
        durability = other.durability;
        cancelRetention = other.cancelRetention;
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** These options with warnings sent to {@code handler} instead, e.g. to name them in an error. */
    public StorageOptions withWarnings(Consumer<String> handler) {
        return new StorageOptions(this, handler);
    }

    private StorageOptions(Builder b) {
        kind = b.kind;
        checkpointsDir = b.checkpointsDir;
        numRetained = b.numRetained;
        savepointsDir = b.savepointsDir;
        memoryThreshold = b.memoryThreshold;
        writeBufferSize = b.writeBufferSize;
        spareFiles = b.spareFiles;
        fileMerging = b.fileMerging;
        fileMergingAcrossCheckpoints = b.fileMergingAcrossCheckpoints;
        maxFileSize = b.maxFileSize;
        yieldAfterNanos = b.yieldAfterNanos;
        durability = b.durability;
        cancelRetention = b.cancelRetention;
        warnings = b.warnings;
    }

    /** Options from Flink-style keys; keys this module does not own are ignored. */
    public static StorageOptions fromMap(Map<String, String> config) {
        return builder().apply(config).conclude();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Kind kind() {
        return kind;
    }

    /** The root under which each job has a directory of {@code chk-<n>}; null for jobmanager. */
    public Path checkpointsDir() {
        return checkpointsDir;
    }

    public int numRetained() {
        return numRetained;
    }

    /** Default parent of savepoint directories; null when not configured. */
    public Path savepointsDir() {
        return savepointsDir;
    }

    /** Streams shorter than this many bytes are inlined into {@code _metadata}. */
    public int memoryThreshold() {
        return memoryThreshold;
    }

    /** The write buffer actually used: the larger of the option and the memory threshold. */
    public int writeBufferSize() {
        return Math.max(writeBufferSize, memoryThreshold);
    }

    public Durability durability() {
        return durability;
    }

    /**
     * How many checkpoint files a job keeps made ahead; 0 creates each when needed. With more than
     * 0, the owner of the storage must call {@code onJobEnded} (a job does) to free them at once;
     * otherwise they are freed 30 s after the last checkpoint.
     */
    /** How often the storage's background threads yield their core ({@link CpuSlices}); 0: never. */
    public long yieldAfterNanos() {
        return yieldAfterNanos;
    }

    public int spareFiles() {
        return spareFiles;
    }

    /** Whether checkpoints (not savepoints) merge each subtask's streams into one file. */
    public boolean fileMerging() {
        return fileMerging;
    }

    /** Whether merged streams go to the subtasks' shared logs (many checkpoints a file) rather than a file per checkpoint. */
    public boolean fileMergingAcrossCheckpoints() {
        return fileMergingAcrossCheckpoints;
    }

    /** The size past which a subtask's shared log rolls to a new file. */
    public int maxFileSize() {
        return maxFileSize;
    }

    public CancelRetention cancelRetention() {
        return cancelRetention;
    }

    /** Receives one-line warnings, e.g. a corrupt newest checkpoint skipped on restore. */
    public Consumer<String> warnings() {
        return warnings;
    }

    /** Collects options; {@link #conclude()} validates them all at once. */
    public static final class Builder {
        private Kind kind;
        private Path checkpointsDir;
        private int numRetained = DEFAULT_NUM_RETAINED;
        private Path savepointsDir;
        private int memoryThreshold = DEFAULT_MEMORY_THRESHOLD;
        private int writeBufferSize = DEFAULT_WRITE_BUFFER_SIZE;
        private int spareFiles;
        private boolean fileMerging;
        private boolean fileMergingAcrossCheckpoints;
        private int maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private long yieldAfterNanos;
        private Durability durability = Durability.FLUSH;
        private CancelRetention cancelRetention = CancelRetention.RETAIN_ON_CANCELLATION;
        private Consumer<String> warnings = StorageOptions::logWarning;

        private Builder() {
        }

        /** Applies every key of {@code config} that this module owns. */
        public Builder apply(Map<String, String> config) {
            config.forEach(this::set);
            return this;
        }

        /** Sets one option by its key; an unknown {@code state.storage.} key is an error. */
        public Builder set(String key, String value) {
            String v = value.trim();
            switch (key) {
                case CHECKPOINT_STORAGE -> kind = ConfigValues.parseEnum(key, v, Kind.class);
                case CHECKPOINTS_DIR -> checkpointsDir = ConfigValues.parsePath(key, v);
                case NUM_RETAINED -> numRetained = ConfigValues.parseInt(key, v);
                case SAVEPOINTS_DIR -> savepointsDir = ConfigValues.parsePath(key, v);
                case MEMORY_THRESHOLD -> memoryThreshold = ConfigValues.parseMemorySize(key, v);
                case WRITE_BUFFER_SIZE -> writeBufferSize = ConfigValues.parseMemorySize(key, v);
                case SPARE_FILES -> spareFiles = ConfigValues.parseInt(key, v);
                case FILE_MERGING -> fileMerging = ConfigValues.parseBoolean(key, v);
                case FILE_MERGING_ACROSS_BOUNDARY -> fileMergingAcrossCheckpoints = ConfigValues.parseBoolean(key, v);
                case FILE_MERGING_MAX_FILE_SIZE -> maxFileSize = ConfigValues.parseMemorySize(key, v);
                case DURABILITY -> durability = ConfigValues.parseEnum(key, v, Durability.class);
                case EXTERNALIZED_RETENTION -> cancelRetention = ConfigValues.parseEnum(key, v, CancelRetention.class);
                default -> {
                    if (key.startsWith("state.storage.")) {
                        throw new IllegalArgumentException("unknown option " + key
                            + ": the storage options are " + MEMORY_THRESHOLD + ", " + WRITE_BUFFER_SIZE
                            + ", " + SPARE_FILES + " and " + DURABILITY);
                    }
                }
            }
            return this;
        }

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        public Builder checkpointsDir(Path dir) {
            this.checkpointsDir = dir;
            return this;
        }

        public Builder numRetained(int count) {
            this.numRetained = count;
            return this;
        }

        public Builder savepointsDir(Path dir) {
            this.savepointsDir = dir;
            return this;
        }

        public Builder memoryThreshold(int bytes) {
            this.memoryThreshold = bytes;
            return this;
        }

        public Builder writeBufferSize(int bytes) {
            this.writeBufferSize = bytes;
            return this;
        }

        public Builder spareFiles(int count) {
            this.spareFiles = count;
            return this;
        }

        public Builder fileMerging(boolean enabled) {
            this.fileMerging = enabled;
            return this;
        }

        public Builder fileMergingAcrossCheckpoints(boolean across) {
            this.fileMergingAcrossCheckpoints = across;
            return this;
        }

        public Builder maxFileSize(int bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        /** The storage's background threads (file cutter, deleter, spare files, log populator) yield their core this often ({@link CpuSlices}); 0: never. */
        public Builder yieldAfterNanos(long nanos) {
            this.yieldAfterNanos = nanos;
            return this;
        }

        /** The durability set so far (what {@link #conclude()} will use). */
        public Durability durability() {
            return durability;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public Builder cancelRetention(CancelRetention retention) {
            this.cancelRetention = retention;
            return this;
        }

        public Builder warnings(Consumer<String> handler) {
            this.warnings = handler;
            return this;
        }

        /** Validates every option and fills defaults that depend on others. */
        public StorageOptions conclude() {
            if (kind == null) {
                kind = checkpointsDir == null ? Kind.JOBMANAGER : Kind.FILESYSTEM;
            }
            if (kind == Kind.FILESYSTEM && checkpointsDir == null) {
                throw new IllegalArgumentException(CHECKPOINT_STORAGE + "=filesystem needs " + CHECKPOINTS_DIR
                    + ": set it to a writable directory, or use " + CHECKPOINT_STORAGE + "=jobmanager");
            }
            if (numRetained < 1) {
                throw new IllegalArgumentException(NUM_RETAINED + " must be at least 1, was " + numRetained);
            }
            if (memoryThreshold < 0 || memoryThreshold > MAX_MEMORY_THRESHOLD) {
                throw new IllegalArgumentException(MEMORY_THRESHOLD + " must be between 0 and 1 mb, was "
                    + memoryThreshold + " bytes");
            }
            if (writeBufferSize < 1 || writeBufferSize > MAX_WRITE_BUFFER_SIZE) {
                throw new IllegalArgumentException(WRITE_BUFFER_SIZE + " must be between 1 byte and 64 mb, was "
                    + writeBufferSize + " bytes");
            }
            if (spareFiles < 0 || spareFiles > MAX_SPARE_FILES) {
                throw new IllegalArgumentException(SPARE_FILES + " must be between 0 and " + MAX_SPARE_FILES + ", was "
                    + spareFiles);
            }
            if (maxFileSize < MIN_MAX_FILE_SIZE || maxFileSize > MAX_MAX_FILE_SIZE) {
                throw new IllegalArgumentException(FILE_MERGING_MAX_FILE_SIZE + " must be between 4 kb and 1 gb, was "
                    + maxFileSize + " bytes");
            }
            if (warnings == null) {
                throw new IllegalArgumentException("the warnings handler must not be null");
            }
            return new StorageOptions(this);
        }
    }

    private static void logWarning(String message) {
        LoggerFactory.getLogger(StorageOptions.class).warn(message);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s=%s %s=%s %s=%d %s=%s %s=%d %s=%d %s=%d %s=%s %s=%s %s=%d %s=%s %s=%s"
                + " yield-after-ns=%d",
            CHECKPOINT_STORAGE, kind.name().toLowerCase(Locale.ROOT), CHECKPOINTS_DIR, checkpointsDir,
            NUM_RETAINED, numRetained, SAVEPOINTS_DIR, savepointsDir, MEMORY_THRESHOLD, memoryThreshold,
            WRITE_BUFFER_SIZE, writeBufferSize, SPARE_FILES, spareFiles, FILE_MERGING, fileMerging,
            FILE_MERGING_ACROSS_BOUNDARY, fileMergingAcrossCheckpoints, FILE_MERGING_MAX_FILE_SIZE, maxFileSize,
            DURABILITY, durability,
            EXTERNALIZED_RETENTION, cancelRetention, yieldAfterNanos);
    }
}
