package io.ringflow.storage.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeakedChronicleResources.class)
class LogWriterTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyWhatASyncToTheDeviceCoveredAsOnTheDevice() {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            assertEquals(LogTailer.NO_INDEX, writer.lastIndexOnDevice());
            long first = writer.appendRecord(7, 0, new byte[] {1}, 0, 1);
            writer.sync();
            assertEquals(LogTailer.NO_INDEX, writer.lastIndexOnDevice(), "an asynchronous msync promises nothing on a power cut");

            writer.syncToDevice();
            assertEquals(first, writer.lastIndexOnDevice());

            writer.appendRecord(7, 0, new byte[] {2}, 0, 1);
            writer.appendCommit(7);
            assertEquals(first, writer.lastIndexOnDevice(), "appended after the sync");
            writer.syncToDevice();
            assertEquals(writer.lastIndexAppended(), writer.lastIndexOnDevice());
            assertTrue(writer.lastIndexOnDevice() > first);
        }
    }

    /** A page the file system cannot back (full disk, file cut underneath) fails naming the queue, not the JVM. */
    @Test
    void shouldNameTheQueueWhenAMappedPageCannotBeWritten() throws Exception {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            writer.appendRecord(7, 0, new byte[] {1}, 0, 1);
            java.io.File file = writer.currentFile();
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file.toPath(),
                java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(0); // every mapped page now lies past the end: a write faults (SIGBUS)
            }
            LogException e = assertThrows(LogException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    writer.appendRecord(7, 0, new byte[1024], 0, 1024);
                }
            });
            assertTrue(e.getMessage().contains(writer.queueDirectory().toString()) && e.getMessage().contains("disk is full"),
                e.getMessage());
        }
    }

    @Test
    void shouldNameTheDurabilityOptionWhenTheQueueCannotBeForced() throws Exception {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            long index = writer.appendRecord(7, 0, new byte[] {1}, 0, 1);
            Path queue = writer.queueDirectory();
            // a queue directory gone from under the writer stands for a device that refuses the fsync
            Path moved = queue.resolveSibling(queue.getFileName() + ".moved");
            Files.move(queue, moved);
            try {
                LogException e = assertThrows(LogException.class, writer::syncToDevice);
                assertTrue(e.getMessage().contains(queue.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("state.storage.fs.durability"), e.getMessage());
                assertEquals(LogTailer.NO_INDEX, writer.lastIndexOnDevice(), "a failed sync makes nothing durable");
            } finally {
                Files.move(moved, queue);
            }
            assertTrue(index >= 0);
        }
    }
}
