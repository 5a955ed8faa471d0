package io.ringflow.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CorruptCheckpointException;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateOutputTest {
    @TempDir
    Path dir;

    private static byte[] payload(int keyGroup, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (keyGroup * 13 + i);
        }
        return bytes;
    }

    private StreamHandle write(SnapshotStreamWriter stream, int payloadLength) {
        AtomicReference<StreamHandle> finished = new AtomicReference<>();
        StateOutput out = new StateOutput(stream, "test", finished::set);
        for (int kg = 10; kg < 20; kg += 3) {
            out.writeKeyGroup(kg, payload(kg, payloadLength));
        }
        out.writeOperatorState("offsets", new byte[] {9, 8, 7});
        out.writeKeyGroup(19, payload(99, 5));
        StreamHandle handle = out.finish();
        assertEquals(handle, finished.get());
        return handle;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 5000, 70_000})
    void shouldReadBackChunksThroughTheIndexWhateverTheirSize(int payloadLength) {
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(4096, 1024,
            () -> MappedFileWriter.create(dir.resolve("s.state"), DiskSpace.FILE_STORE), false);
        StreamHandle handle = write(stream, payloadLength);

        try (SnapshotBytes bytes = SnapshotBytes.open(dir, handle, "chk-1", true)) {
            assertEquals(handle.length(), bytes.length());
            StateFileReader reader = new StateFileReader(bytes.buffer(), bytes.label());
            List<Integer> keyGroups = new ArrayList<>();
            reader.readKeyGroups(new KeyGroupRange(13, 19), (kg, buffer, offset, length) -> {
                keyGroups.add(kg);
                byte[] read = new byte[length];
                buffer.getBytes(offset, read);
                assertArrayEquals(kg == 19 && keyGroups.size() == 4 ? payload(99, 5) : payload(kg, payloadLength), read);
            });
            assertEquals(List.of(13, 16, 19, 19), keyGroups);
            assertEquals(-1, reader.keyGroupOffset(11));
            assertTrue(reader.keyGroupOffset(16) > reader.keyGroupOffset(13));
            List<String> names = new ArrayList<>();
            reader.readOperatorState((name, buffer, offset, length) -> names.add(name + ":" + length));
            assertEquals(List.of("offsets:3"), names);
        }
    }

    @Test
    void shouldInlineAShortStreamAndFileALongOne() {
        StreamHandle small = write(SnapshotStreamWriter.toFile(4096, 1024,
            () -> MappedFileWriter.create(dir.resolve("small.state"), DiskSpace.FILE_STORE), false), 1);
        StreamHandle large = write(SnapshotStreamWriter.toFile(4096, 1024,
            () -> MappedFileWriter.create(dir.resolve("large.state"), DiskSpace.FILE_STORE), true), 1000);

        assertTrue(small.isInline());
        assertEquals("large.state", large.fileName());
        assertEquals(large.length(), dir.resolve("large.state").toFile().length(), "file cut to its length");
    }

    @Test
    void shouldRejectKeyGroupsOutOfOrder() {
        StateOutput out = new StateOutput(SnapshotStreamWriter.onHeap(), "chk-1 state of sum#0", h -> { });
        out.writeKeyGroup(5, new byte[1]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> out.writeKeyGroup(4, new UnsafeBuffer(new byte[1]), 0, 1));
        assertTrue(e.getMessage().contains("sum#0"), e.getMessage());
    }

    @Test
    void shouldRejectAStreamWithoutItsEndMarker() {
        StreamHandle handle = write(SnapshotStreamWriter.onHeap(), 10);
        byte[] bytes = handle.inline().clone();
        bytes[bytes.length - 1] ^= 1;

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> new StateFileReader(new UnsafeBuffer(bytes), "op-sum-0.state of chk-3"));
        assertTrue(e.getMessage().contains("op-sum-0.state of chk-3") && e.getMessage().contains("end marker"),
            e.getMessage());
    }

    @Test
    void shouldRejectAnInFlightFileWhereStateIsExpected() {
        InFlightOutput out = new InFlightOutput(SnapshotStreamWriter.onHeap(), "test", (h, n) -> { });
        out.append(new byte[] {1});
        byte[] bytes = out.finish().inline();

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> new StateFileReader(new UnsafeBuffer(bytes), "x.state"));
        assertTrue(e.getMessage().contains("in-flight file where a state file"), e.getMessage());
    }
}
