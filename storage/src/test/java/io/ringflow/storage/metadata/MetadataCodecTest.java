package io.ringflow.storage.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CorruptCheckpointException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {
    private static final String SOURCE = "/data/chk-4/_metadata";

    private static CheckpointMetadata sample() {
        SubtaskMetadata fileState = new SubtaskMetadata(0, new KeyGroupRange(0, 63),
            StreamHandle.file("op-sum-0.state", 123_456, 0xCAFEBABE), null);
        SubtaskMetadata inlineState = new SubtaskMetadata(1, new KeyGroupRange(64, 127),
            StreamHandle.inline(new byte[] {1, 2, 3, 4}, 42), new byte[] {0, 0, 7});
        SubtaskMetadata noState = new SubtaskMetadata(0, new KeyGroupRange(0, 127), null, new byte[0]);
        ChannelStateMetadata channel = new ChannelStateMetadata(
            new ChannelDescriptor("map: \"a\"", 1, "sum", 0, 2), 17, StreamHandle.file("inflight.data", 900, -1));
        return new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, CheckpointKind.SAVEPOINT, "job-1", 4,
            1_795_000_000_123L, List.of(new OperatorMetadata("sum", 2, 128, List.of(fileState, inlineState)),
            new OperatorMetadata("map: \"a\"", 1, 128, List.of(noState))), List.of(channel));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        CheckpointMetadata written = sample();

        CheckpointMetadata read = MetadataReader.decode(MetadataWriter.encode(written), SOURCE);

        assertEquals(written.kind(), read.kind());
        assertEquals(written.jobId(), read.jobId());
        assertEquals(written.checkpointId(), read.checkpointId());
        assertEquals(written.completedAtMs(), read.completedAtMs());
        assertEquals(written.channels().get(0).channel(), read.channels().get(0).channel());
        assertEquals(written.channels().get(0).recordCount(), read.channels().get(0).recordCount());
        assertEquals(written.channels().get(0).records().crc32c(), read.channels().get(0).records().crc32c());
        for (int o = 0; o < written.operators().size(); o++) {
            OperatorMetadata w = written.operators().get(o);
            OperatorMetadata r = read.operators().get(o);
            assertEquals(w.uid(), r.uid());
            assertEquals(w.parallelism(), r.parallelism());
            assertEquals(w.maxParallelism(), r.maxParallelism());
            for (int s = 0; s < w.subtasks().size(); s++) {
                SubtaskMetadata ws = w.subtasks().get(s);
                SubtaskMetadata rs = r.subtasks().get(s);
                assertEquals(ws.keyGroups(), rs.keyGroups());
                assertArrayEquals(ws.sourcePosition(), rs.sourcePosition());
                assertEquals(ws.state() == null, rs.state() == null);
                if (ws.state() != null) {
                    assertEquals(ws.state().fileName(), rs.state().fileName());
                    assertArrayEquals(ws.state().inline(), rs.state().inline());
                    assertEquals(ws.state().length(), rs.state().length());
                    assertEquals(ws.state().crc32c(), rs.state().crc32c());
                }
            }
        }
        assertNull(read.operators().get(0).subtask(0).sourcePosition());
    }

    @Test
    void shouldBeReadableByAPerson() {
        String text = new String(MetadataWriter.encode(sample()), StandardCharsets.UTF_8);

        assertTrue(text.startsWith(MetadataDescriptor.BEGIN_LINE), text);
        assertTrue(text.contains("formatVersion: " + MetadataDescriptor.FORMAT_VERSION), text);
        assertTrue(text.contains("op-sum-0.state") && text.contains("cafebabe"), text);
        assertTrue(text.contains("keyGroupStart: 64"), text);
    }

    @Test
    void shouldRejectAnyFlippedByteNamingTheFile() {
        byte[] bytes = MetadataWriter.encode(sample());
        for (int offset = 0; offset < bytes.length; offset += 7) {
            byte[] damaged = bytes.clone();
            damaged[offset] ^= 0x01;
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> MetadataReader.decode(damaged, SOURCE), "flip at " + offset);
            assertTrue(e.getMessage().startsWith(SOURCE), e.getMessage());
        }
    }

    @Test
    void shouldRejectATruncatedFile() {
        byte[] bytes = MetadataWriter.encode(sample());
        for (int length : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
            assertThrows(CorruptCheckpointException.class,
                () -> MetadataReader.decode(Arrays.copyOf(bytes, length), SOURCE), "length " + length);
        }
    }

    @Test
    void shouldRejectAnUnknownFormatVersion() {
        CheckpointMetadata m = sample();
        CheckpointMetadata future = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION + 1, m.kind(), m.jobId(),
            m.checkpointId(), m.completedAtMs(), m.operators(), m.channels());

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> MetadataReader.decode(MetadataWriter.encode(future), SOURCE));
        assertTrue(e.getMessage().contains("format version " + (MetadataDescriptor.FORMAT_VERSION + 1)), e.getMessage());
    }
}
