package io.ringflow.storage.metadata;

import java.nio.charset.StandardCharsets;

/**
 * Layout of a {@code _metadata} file: Chronicle Wire YAML between a begin line and an end line
 * that carries the CRC32C of every byte before it, so a person can read it and a reader can
 * tell a whole file from a truncated or altered one.
 *
 * <pre>
 *   # ringflow checkpoint metadata            BEGIN_LINE
 *   formatVersion: 2
 *   kind: CHECKPOINT
 *   jobId: orders
 *   checkpointId: 12
 *   completedAtMs: 1795000000000
 *   completedAt: 2026-11-21T06:40:01.123Z     (for people; not read back)
 *   operators: [ { uid, parallelism, maxParallelism,
 *                  subtasks: [ { subtask, keyGroupStart, keyGroupEnd,
 *                                storage: file | inline | none, file (with offset) | inline, length, crc32c,
 *                                sourcePosition: 0x0a1b | none } ] } ]
 *   channels: [ { upstreamUid, upstreamSubtask, downstreamUid, downstreamSubtask, inputIndex,
 *                 recordCount, storage, file (with offset) | inline, length, crc32c } ]
 *   # end crc32c=1a2b3c4d                     END_PREFIX + 8 hex digits + '\n'
 * </pre>
 *
 * The file is written under {@link #IN_PROGRESS_NAME} (or, in a recycled directory, into
 * {@link #RETIRED_NAME} where it is), flushed, then renamed to {@link #NAME}: a directory without
 * {@code _metadata} is not a checkpoint.
 */
public final class MetadataDescriptor {
    /** The format this build writes. Version 2 gives every file stream an {@code offset} (ranges of shared logs). */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format this build reads: version 1 has no offsets, each file stream being a whole file. */
    public static final int OLDEST_READABLE_VERSION = 1;
    public static final String NAME = "_metadata";
    public static final String IN_PROGRESS_NAME = "_metadata.inprogress";
    /**
     * A retired checkpoint's metadata file, kept in its emptied directory so that the checkpoint
     * renamed from that directory writes its metadata into it, then renames it to {@link #NAME},
     * instead of creating a file: never read.
     */
    public static final String RETIRED_NAME = "_metadata.retired";
    public static final String BEGIN_LINE = "# ringflow checkpoint metadata\n";
    public static final String END_PREFIX = "# end crc32c=";
    /** Length of the end line: prefix, 8 hex digits and a newline. */
    public static final int END_LINE_LENGTH = END_PREFIX.length() + 9;
    public static final byte[] BEGIN_BYTES = BEGIN_LINE.getBytes(StandardCharsets.US_ASCII);

    static final String STORAGE_FILE = "file";
    static final String STORAGE_INLINE = "inline";
    static final String STORAGE_NONE = "none";

    private MetadataDescriptor() {
    }

    /** Offset of the end line in a file of {@code length} bytes. */
    public static int endLineOffset(int length) {
        return length - END_LINE_LENGTH;
    }
}
