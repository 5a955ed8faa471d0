package io.ringflow.storage.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireOut;
import net.openhft.chronicle.wire.WireType;

/** Encodes {@link CheckpointMetadata} as the bytes of a {@code _metadata} file. */
public final class MetadataWriter {
    private MetadataWriter() {
    }

    public static byte[] encode(CheckpointMetadata metadata) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096);
        try {
            bytes.append(MetadataDescriptor.BEGIN_LINE);
            Wire wire = WireType.YAML_ONLY.apply(bytes);
            wire.write("formatVersion").int32(metadata.formatVersion());
            wire.write("kind").text(metadata.kind().name());
            wire.write("jobId").text(metadata.jobId());
            wire.write("checkpointId").int64(metadata.checkpointId());
            wire.write("completedAtMs").int64(metadata.completedAtMs());
            wire.write("completedAt").text(Instant.ofEpochMilli(metadata.completedAtMs()).toString());
            wire.write("operators").sequence(metadata, (m, out) -> {
                for (OperatorMetadata operator : m.operators()) {
                    out.marshallable(w -> writeOperator(w, operator));
                }
            });
            wire.write("channels").sequence(metadata, (m, out) -> {
                for (ChannelStateMetadata channel : m.channels()) {
                    out.marshallable(w -> writeChannel(w, channel));
                }
            });
            byte[] body = bytes.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(body);
            String end = MetadataDescriptor.END_PREFIX + hex((int) crc.getValue()) + "\n";
            byte[] file = new byte[body.length + end.length()];
            System.arraycopy(body, 0, file, 0, body.length);
            System.arraycopy(end.getBytes(StandardCharsets.US_ASCII), 0, file, body.length, end.length());
            return file;
        } finally {
            bytes.releaseLast();
        }
    }

    static String hex(int crc32c) {
        return String.format("%08x", crc32c);
    }

    private static void writeOperator(WireOut w, OperatorMetadata operator) {
        w.write("uid").text(operator.uid());
        w.write("parallelism").int32(operator.parallelism());
        w.write("maxParallelism").int32(operator.maxParallelism());
        w.write("subtasks").sequence(operator, (o, out) -> {
            for (SubtaskMetadata subtask : o.subtasks()) {
                out.marshallable(sw -> {
                    sw.write("subtask").int32(subtask.subtask());
                    sw.write("keyGroupStart").int32(subtask.keyGroups().start());
                    sw.write("keyGroupEnd").int32(subtask.keyGroups().end());
                    writeHandle(sw, subtask.state());
                    sw.write("sourcePosition").text(Hex.encode(subtask.sourcePosition()));
                    if (!subtask.base().isEmpty()) {
                        sw.write("base").sequence(subtask.base(), (handles, bo) -> {
                            for (StreamHandle handle : handles) {
                                bo.marshallable(hw -> writeHandle(hw, handle));
                            }
                        });
                    }
                });
            }
        });
    }

    private static void writeChannel(WireOut w, ChannelStateMetadata channel) {
        ChannelDescriptor c = channel.channel();
        w.write("upstreamUid").text(c.upstreamUid());
        w.write("upstreamSubtask").int32(c.upstreamSubtask());
        w.write("downstreamUid").text(c.downstreamUid());
        w.write("downstreamSubtask").int32(c.downstreamSubtask());
        w.write("inputIndex").int32(c.inputIndex());
        w.write("recordCount").int64(channel.recordCount());
        writeHandle(w, channel.records());
    }

    private static void writeHandle(WireOut w, StreamHandle handle) {
        if (handle == null) {
            w.write("storage").text(MetadataDescriptor.STORAGE_NONE);
            return;
        }
        ValueOut storage = w.write("storage");
        if (handle.isInline()) {
            storage.text(MetadataDescriptor.STORAGE_INLINE);
            w.write("inline").bytes(handle.inline());
        } else {
            storage.text(MetadataDescriptor.STORAGE_FILE);
            w.write("file").text(handle.fileName());
        }
        w.write("length").int64(handle.length());
        w.write("crc32c").text(hex(handle.crc32c()));
    }
}
