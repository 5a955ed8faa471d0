package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.MappedPages;
import io.ringflow.storage.file.StreamFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLogPopulateTest {
    @TempDir
    Path dir;

    /** After a link the pages of the next one are resident before it is written, and every link reads back as written. */
    @Test
    void shouldPopulateTheNextLinksPagesInTheBackground() throws Exception {
        BackgroundThread populator = new BackgroundThread("test-populator");
        SharedLog log = new SharedLog(dir, DiskSpace.FILE_STORE, 16 << 20, populator, () -> { });
        byte[] first = link(300_000, 1);
        StreamFile range = log.claim("op-sum-0-c1-a.state", false);
        range.write(first, 0, first.length);
        range.finish(false);
        Path file = range.path();
        long end = SharedLog.MAGIC.length + first.length;

        populator.awaitDone();
        long resident = MappedPages.residentBytes(file); // the link's own writes fault in only its pages
        assertTrue(resident >= end + 2L * first.length - 4096, "resident " + resident + " after a link ending at " + end);

        byte[] second = link(500_000, 2);
        StreamFile next = log.claim("op-sum-0-c2-b.state", false);
        next.write(second, 0, second.length);
        next.finish(false);
        log.close();
        populator.awaitDone();
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(first, Arrays.copyOfRange(bytes, (int) range.offset(), (int) (range.offset() + first.length)));
        assertArrayEquals(second, Arrays.copyOfRange(bytes, (int) next.offset(), (int) (next.offset() + second.length)));
        assertTrue(bytes.length == next.offset() + second.length, "cut to its links: " + bytes.length);
    }

    private static byte[] link(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
