package io.ringflow.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CorruptCheckpointException;
import io.ringflow.storage.metadata.StreamHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InFlightOutputTest {
    @TempDir
    Path dir;

    @Test
    void shouldStreamRecordsBackInOrder() {
        long[] count = new long[1];
        InFlightOutput out = new InFlightOutput(SnapshotStreamWriter.toFile(256, 0,
            () -> MappedFileWriter.create(dir.resolve("c.data"), DiskSpace.FILE_STORE), false), "c", (h, n) -> count[0] = n);
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] record = new byte[i % 300];
            java.util.Arrays.fill(record, (byte) i);
            written.add(record);
            out.append(record);
        }
        StreamHandle handle = out.finish();

        assertEquals(500, count[0]);
        List<byte[]> read = new ArrayList<>();
        try (SnapshotBytes bytes = SnapshotBytes.open(dir, handle, "chk-1", true)) {
            InFlightFileReader reader = new InFlightFileReader(bytes.buffer(), bytes.label());
            assertEquals(500, reader.recordCount());
            reader.readRecords((buffer, offset, length) -> {
                byte[] record = new byte[length];
                buffer.getBytes(offset, record);
                read.add(record);
            });
        }
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            assertArrayEquals(written.get(i), read.get(i), "record " + i);
        }
    }

    @Test
    void shouldRejectARecordRunningPastTheEnd() {
        InFlightOutput out = new InFlightOutput(SnapshotStreamWriter.onHeap(), "c", (h, n) -> { });
        out.append(new byte[] {1, 2, 3});
        byte[] bytes = out.finish().inline().clone();
        bytes[SnapshotFileDescriptor.HEADER_LENGTH] = 100;

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> new InFlightFileReader(new UnsafeBuffer(bytes), "inflight.data").readRecords((b, o, l) -> { }));
        assertTrue(e.getMessage().contains("inflight.data") && e.getMessage().contains("record 0"), e.getMessage());
    }
}
