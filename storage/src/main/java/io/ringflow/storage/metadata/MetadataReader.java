package io.ringflow.storage.metadata;

import io.ringflow.storage.CorruptCheckpointException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;

/**
 * Decodes the bytes of a {@code _metadata} file, checking its brackets, its checksum and its
 * format version before believing a word of it.
 */
public final class MetadataReader {
    private MetadataReader() {
    }

    /**
     * @param data   the whole file
     * @param source the file's path, for messages
     * @throws CorruptCheckpointException naming {@code source} and what is wrong
     */
    public static CheckpointMetadata decode(byte[] data, String source) {
        int endOffset = MetadataDescriptor.endLineOffset(data.length);
        if (endOffset < MetadataDescriptor.BEGIN_BYTES.length
            || !Arrays.equals(data, 0, MetadataDescriptor.BEGIN_BYTES.length,
            MetadataDescriptor.BEGIN_BYTES, 0, MetadataDescriptor.BEGIN_BYTES.length)) {
            throw new CorruptCheckpointException(source + ": not a checkpoint metadata file (missing begin line '"
                + MetadataDescriptor.BEGIN_LINE.trim() + "')");
        }
        String endLine = new String(data, endOffset, MetadataDescriptor.END_LINE_LENGTH, StandardCharsets.US_ASCII);
        if (!endLine.startsWith(MetadataDescriptor.END_PREFIX) || !endLine.endsWith("\n")) {
            throw new CorruptCheckpointException(source + ": truncated metadata (no end line with checksum)");
        }
        int expected = parseCrc(endLine.substring(MetadataDescriptor.END_PREFIX.length()).trim(), source);
        CRC32C crc = new CRC32C();
        crc.update(data, 0, endOffset);
        if ((int) crc.getValue() != expected) {
            throw new CorruptCheckpointException(source + ": metadata checksum mismatch (expected "
                + MetadataWriter.hex(expected) + ", computed " + MetadataWriter.hex((int) crc.getValue())
                + "): the file was altered or partly written");
        }
        Bytes<?> bytes = Bytes.wrapForRead(Arrays.copyOfRange(data, MetadataDescriptor.BEGIN_BYTES.length, endOffset));
        try {
            return read(WireType.YAML_ONLY.apply(bytes), source);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException(source + ": unreadable metadata: " + e.getMessage(), e);
        } finally {
            bytes.releaseLast();
        }
    }

    private static CheckpointMetadata read(Wire wire, String source) {
        int version = wire.read("formatVersion").int32();
        if (version < MetadataDescriptor.OLDEST_READABLE_VERSION || version > MetadataDescriptor.FORMAT_VERSION) {
            throw new CorruptCheckpointException(source + ": metadata format version " + version
                + " is not supported (this build reads versions " + MetadataDescriptor.OLDEST_READABLE_VERSION
                + " to " + MetadataDescriptor.FORMAT_VERSION + ")");
        }
        CheckpointKind kind = CheckpointKind.valueOf(wire.read("kind").text());
        String jobId = wire.read("jobId").text();
        long checkpointId = wire.read("checkpointId").int64();
        long completedAtMs = wire.read("completedAtMs").int64();
        wire.read("completedAt").text();
        List<OperatorMetadata> operators = new ArrayList<>();
        wire.read("operators").sequence(operators, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(w -> list.add(readOperator(w, source, version)));
            }
        });
        List<ChannelStateMetadata> channels = new ArrayList<>();
        wire.read("channels").sequence(channels, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(w -> list.add(readChannel(w, source, version)));
            }
        });
        return new CheckpointMetadata(version, kind, jobId, checkpointId, completedAtMs, operators, channels);
    }

    private static OperatorMetadata readOperator(WireIn w, String source, int version) {
        String uid = w.read("uid").text();
        int parallelism = w.read("parallelism").int32();
        int maxParallelism = w.read("maxParallelism").int32();
        List<SubtaskMetadata> subtasks = new ArrayList<>();
        w.read("subtasks").sequence(subtasks, (list, in) -> {
            while (in.hasNextSequenceItem()) {
                in.marshallable(sw -> {
                    int subtask = sw.read("subtask").int32();
                    KeyGroupRange range = new KeyGroupRange(sw.read("keyGroupStart").int32(),
                        sw.read("keyGroupEnd").int32());
                    StreamHandle state = readHandle(sw, source, version);
                    byte[] position = Hex.decode(sw.read("sourcePosition").text(), source);
                    List<StreamHandle> base = new ArrayList<>();
                    sw.read("base").sequence(base, (handles, bi) -> {
                        while (bi.hasNextSequenceItem()) {
                            bi.marshallable(hw -> {
                                StreamHandle handle = readHandle(hw, source, version);
                                if (handle == null) {
                                    throw new CorruptCheckpointException(source + ": an empty base stream of subtask "
                                        + subtask);
                                }
                                handles.add(handle);
                            });
                        }
                    });
                    boolean finished = sw.read("finished").bool(); // absent before 2026-12-07: false
                    list.add(new SubtaskMetadata(subtask, range, state, position, base, finished));
                });
            }
        });
        return new OperatorMetadata(uid, parallelism, maxParallelism, subtasks);
    }

    private static ChannelStateMetadata readChannel(WireIn w, String source, int version) {
        ChannelDescriptor channel = new ChannelDescriptor(w.read("upstreamUid").text(),
            w.read("upstreamSubtask").int32(), w.read("downstreamUid").text(), w.read("downstreamSubtask").int32(),
            w.read("inputIndex").int32());
        long recordCount = w.read("recordCount").int64();
        StreamHandle records = readHandle(w, source, version);
        String codec = w.read("recordCodec").text();
        return new ChannelStateMetadata(channel, recordCount, records, codec == null || codec.isEmpty() ? null : codec);
    }

    private static StreamHandle readHandle(WireIn w, String source, int version) {
        String storage = w.read("storage").text();
        if (MetadataDescriptor.STORAGE_NONE.equals(storage)) {
            return null;
        }
        String fileName = null;
        byte[] inline = null;
        long offset = 0;
        if (MetadataDescriptor.STORAGE_INLINE.equals(storage)) {
            inline = w.read("inline").bytes();
        } else if (MetadataDescriptor.STORAGE_FILE.equals(storage)) {
            fileName = w.read("file").text();
            offset = version >= 2 ? w.read("offset").int64() : 0;
        } else {
            throw new CorruptCheckpointException(source + ": unknown stream storage '" + storage + "'");
        }
        long length = w.read("length").int64();
        int crc = parseCrc(w.read("crc32c").text(), source);
        if (offset < 0) {
            throw new CorruptCheckpointException(source + ": negative offset " + offset + " of " + fileName + " in metadata");
        }
        return new StreamHandle(fileName, inline, offset, length, crc);
    }

    private static int parseCrc(String hex, String source) {
        try {
            return Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException | NullPointerException e) {
            throw new CorruptCheckpointException(source + ": invalid crc32c '" + hex + "' in metadata");
        }
    }
}
