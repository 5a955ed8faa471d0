package io.ringflow.storage.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.metadata.ChannelDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLayoutTest {
    @TempDir
    Path root;

    @Test
    void shouldListCheckpointDirectoriesInNumericOrder() throws Exception {
        for (String name : List.of("chk-10", "chk-9", "chk-100", "chk-x", "shared", "chk--1")) {
            Files.createDirectories(root.resolve(name));
        }
        Files.writeString(root.resolve("chk-11"), "a file, not a checkpoint");

        List<Long> ids = CheckpointLayout.checkpointDirs(root).stream().map(CheckpointLayout::checkpointId).toList();

        assertEquals(List.of(9L, 10L, 100L), ids);
    }

    @Test
    void shouldNameFilesSoAPersonRecognisesThem() {
        assertEquals("op-window_sum-3.state", CheckpointLayout.stateFileName("window/sum", 3));
        assertEquals("inflight-map-0-sum-1-in2.data",
            CheckpointLayout.inFlightFileName(new ChannelDescriptor("map", 0, "sum", 1, 2)));
        assertTrue(CheckpointLayout.savepointDirName("job").matches("savepoint-job-[0-9a-f]{12}"));
    }

    @Test
    void shouldRefuseAJobIdThatEscapesTheDirectory() {
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.jobDir(root, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.jobDir(root, ""));
        assertEquals(root.resolve("orders").resolve("chk-4"),
            CheckpointLayout.checkpointDir(CheckpointLayout.jobDir(root, "orders"), 4));
    }
}
