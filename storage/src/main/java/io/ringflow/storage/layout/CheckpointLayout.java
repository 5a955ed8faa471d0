package io.ringflow.storage.layout;

import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.CpuSlices;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Flink's directory layout, so users find their way:
 *
 * <pre>
 * &lt;state.checkpoints.dir&gt;/
 *   &lt;job-id&gt;/
 *     chk-7/
 *       _metadata                       written last, renamed into place
 *       _trace                          where the checkpoint's time went, text, written after it completed
 *       op-&lt;uid&gt;-&lt;subtask&gt;.state        one per subtask with state above the threshold
 *       inflight-&lt;up&gt;-&lt;i&gt;-&lt;down&gt;-&lt;j&gt;-in&lt;k&gt;.data   one per channel with in-flight records
 *     shared/                         incremental checkpoints' state files
 *     spares/                         files made ahead, renamed into a checkpoint's streams; never read
 * &lt;state.savepoints.dir&gt;/
 *   savepoint-&lt;job&gt;-&lt;random&gt;/           the same content, relocatable
 * </pre>
 */
public final class CheckpointLayout {
    public static final String CHECKPOINT_PREFIX = "chk-";
    /** Incremental checkpoints' state files, which later checkpoints of the job refer to. */
    public static final String SHARED_DIR = "shared";
    /** How a checkpoint's metadata names a shared file: relative to its own directory. */
    public static final String SHARED_PREFIX = "../" + SHARED_DIR + "/";
    /** Files made ahead of need (mapped, pages touched), renamed into checkpoint streams: see {@code SpareFiles}. */
    public static final String SPARES_DIR = "spares";
    /** A completed checkpoint's trace as text (where each task's time went), written after it completed; optional. */
    public static final String TRACE_FILE = "_trace";
    /** A checkpoint's file of one subtask's streams, with file merging within checkpoints: {@code op-<uid>-<subtask>.streams}. */
    public static final String SUBTASK_FILE_SUFFIX = ".streams";
    private static final int MAX_NAME_PART = 48;

    private CheckpointLayout() {
    }

    /** The directory of {@code jobId}'s checkpoints; the id must be usable as a directory name. */
    public static Path jobDir(Path checkpointsDir, String jobId) {
        if (jobId == null || jobId.isEmpty() || jobId.equals(".") || jobId.equals("..")
            || jobId.contains("/") || jobId.contains("\\")) {
            throw new IllegalArgumentException("job id '" + jobId + "' cannot name a directory");
        }
        return checkpointsDir.resolve(jobId);
    }

    public static Path checkpointDir(Path jobDir, long checkpointId) {
        return jobDir.resolve(CHECKPOINT_PREFIX + checkpointId);
    }

    /** The checkpoint id a {@code chk-<n>} directory names, or -1 for any other name. */
    public static long checkpointId(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!name.startsWith(CHECKPOINT_PREFIX)) {
            return -1;
        }
        try {
            long id = Long.parseLong(name.substring(CHECKPOINT_PREFIX.length()));
            return id < 0 ? -1 : id;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every {@code chk-<n>} directory of a job, complete or not, in ascending id order. */
    public static List<Path> checkpointDirs(Path jobDir) {
        if (!Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            List<Path> dirs = new ArrayList<>();
            entries.filter(p -> checkpointId(p) >= 0 && Files.isDirectory(p)).forEach(dirs::add);
            dirs.sort(Comparator.comparingLong(CheckpointLayout::checkpointId));
            return dirs;
        } catch (IOException e) {
            throw new CheckpointStorageException(jobDir + ": cannot list checkpoints: " + e, e);
        }
    }

    /** True when the directory holds a {@code _metadata} file: only then may it be a checkpoint. */
    public static boolean hasMetadata(Path dir) {
        return dir.resolve(MetadataDescriptor.NAME).toFile().isFile(); // java.io: no exception when missing
    }

    public static String stateFileName(String uid, int subtask) {
        return "op-" + safe(uid) + "-" + subtask + ".state";
    }

    /** Scratch files (the snapshot writer's warm-up) start with this; none outlives its pass. */
    public static final String SCRATCH_PREFIX = ".scratch-";

    /** Scratch file {@code n} of a checkpoint's directory: never a stream of the checkpoint. */
    public static String scratchFileName(int n) {
        return SCRATCH_PREFIX + n;
    }

    public static boolean isScratchFileName(String name) {
        return name.startsWith(SCRATCH_PREFIX) && name.indexOf('/') < 0;
    }

    /** The shared directory of a job's incremental state. */
    public static Path sharedDir(Path jobDir) {
        return jobDir.resolve(SHARED_DIR);
    }

    /** A shared state file of checkpoint {@code checkpointId}; the random part keeps runs that reuse ids apart. */
    public static String sharedStateFileName(String uid, int subtask, long checkpointId) {
        return "op-" + safe(uid) + "-" + subtask + "-c" + checkpointId + "-"
            + hex8(ThreadLocalRandom.current().nextInt()) + ".state";
    }

    private static String hex8(int value) {
        String hex = Integer.toHexString(value);
        return "00000000".substring(hex.length()) + hex;
    }

    /** The checkpoint id a shared state file was written for, or -1 for a name not made by {@link #sharedStateFileName}. */
    public static long sharedFileCheckpointId(String name) {
        int end = name.lastIndexOf('-');
        int start = name.lastIndexOf("-c", end - 1);
        if (start < 0 || end < 0 || !name.endsWith(".state")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(start + 2, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The {@code op-<uid>-<subtask>} part of a name made by {@link #sharedStateFileName}, or null for another name. */
    public static String sharedFileSubtask(String name) {
        if (sharedFileCheckpointId(name) < 0) {
            return null;
        }
        return name.substring(0, name.lastIndexOf("-c", name.lastIndexOf('-') - 1));
    }

    /** True when a metadata file name points into the job's shared directory. */
    public static boolean isShared(String fileName) {
        return fileName.startsWith(SHARED_PREFIX);
    }

    /** The name inside the shared directory of a metadata file name that {@link #isShared is shared}. */
    public static String sharedName(String fileName) {
        return fileName.substring(SHARED_PREFIX.length());
    }

    public static String inFlightFileName(ChannelDescriptor c) {
        return "inflight-" + safe(c.upstreamUid()) + "-" + c.upstreamSubtask() + "-" + safe(c.downstreamUid()) + "-"
            + c.downstreamSubtask() + "-in" + c.inputIndex() + ".data";
    }

    /** A fresh savepoint directory name, Flink style: {@code savepoint-<job>-<12 hex digits>}. */
    public static String savepointDirName(String jobId) {
        return "savepoint-" + safe(jobId) + "-" + String.format("%012x",
            ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    /** Deletes everything below {@code dir}, keeping the directory; returns the first failure or null. */
    public static IOException deleteContents(Path dir) {
        return deleteContents(dir, null);
    }

    /** As {@link #deleteContents(Path)}, but leaves the file {@code keep} of the directory itself (null: none). */
    public static IOException deleteContents(Path dir, String keep) {
        if (!dir.toFile().exists()) {
            return null;
        }
        Path kept = keep == null ? null : dir.resolve(keep);
        try (Stream<Path> walk = Files.walk(dir)) {
            IOException failure = null;
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (p.equals(dir) || p.equals(kept)) {
                    continue;
                }
                CpuSlices.between(); // on a deleter that yields, between files
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            return failure;
        } catch (IOException e) {
            return e;
        }
    }

    /** Deletes a directory tree; returns the first failure or null. */
    public static IOException deleteTree(Path dir) {
        if (!dir.toFile().exists()) {
            return null;
        }
        IOException failure = deleteContents(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        return failure;
    }

    private static String safe(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_NAME_PART));
        for (int i = 0; i < name.length() && sb.length() < MAX_NAME_PART; i++) {
            char c = name.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' ? c : '_');
        }
        return sb.toString();
    }
}
