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

    /**
     * A record over Chronicle's largest document was left half written: every reader stopped there
     * ("says 17000004 payload bytes but holds 0"), losing what was committed after it. It is refused
     * before a byte is written; the largest that fits is written and read back, and so is what follows.
     */
    @Test
    void shouldRefuseARecordOverTheLargestDocumentAndKeepTheQueueReadable() {
        byte[] largest = new byte[LogWriter.MAX_PAYLOAD_BYTES];
        largest[largest.length - 1] = 42;
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            writer.appendRecord(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, 0, new byte[] {1}, 0, 1);
            LogException refused = assertThrows(LogException.class, () -> writer.appendRecord(
                LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, 0, new byte[17_000_000], 0, 17_000_000));
            assertTrue(refused.getMessage().contains("17000000 bytes") && refused.getMessage().contains(
                String.valueOf(LogWriter.MAX_PAYLOAD_BYTES)) && refused.getMessage().contains("smaller records"),
                refused.getMessage());
            writer.appendRecord(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, 0, largest, 0, largest.length);
            writer.appendRecord(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, 0, new byte[] {2}, 0, 1);
        }
        java.util.List<byte[]> read = new java.util.ArrayList<>();
        try (LogReader reader = LogReader.open(dir)) {
            reader.readCommitted(read::add);
        }
        assertEquals(3, read.size(), "the records before and after the refused one, and the largest");
        assertEquals(largest.length, read.get(1).length);
        assertEquals(42, read.get(1)[largest.length - 1]);
        assertEquals(2, read.get(2)[0]);
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
