package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.MappedPages;
import io.ringflow.storage.file.StreamFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLogPopulateTest {
    @TempDir
    Path dir;

    /** After a link the pages of the next one are resident before it is written, and every link reads back as written. */
    @Test
    void shouldPopulateTheNextLinksPagesInTheBackground() throws Exception {
        BackgroundThread populator = new BackgroundThread("test-populator");
        SharedLog log = new SharedLog(dir, dir.resolve("spares"), DiskSpace.FILE_STORE, 16 << 20, populator, () -> { });
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

    /**
     * The next file is made, mapped and populated in the spares' directory before the roll, the
     * link that rolls renames it into place (the same inode), every link reads back as written and
     * closing the log deletes the one made ahead.
     */
    @Test
    void shouldMakeTheNextFileBeforeTheRollAndRenameItIntoPlace() throws Exception {
        BackgroundThread populator = new BackgroundThread("test-populator");
        Path spares = dir.resolve("spares");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        AtomicInteger created = new AtomicInteger();
        SharedLog log = new SharedLog(shared, spares, DiskSpace.FILE_STORE, 1 << 20, populator, created::incrementAndGet);
        List<StreamFile> ranges = new ArrayList<>();
        List<byte[]> links = new ArrayList<>();
        for (int i = 1; i <= 3; i++) { // 400 KB links: the third passes 1 MB
            links.add(link(400_000, i));
            ranges.add(append(log, "op-sum-0-c" + i + "-a.state", links.get(i - 1)));
            populator.awaitDone();
        }
        List<Path> made = prepared(spares);
        assertEquals(1, made.size(), "the next file, made before the roll: " + made);
        Object inode = Files.readAttributes(made.get(0), BasicFileAttributes.class).fileKey();
        assertTrue(MappedPages.residentBytes(made.get(0)) >= 2L * 400_000, "its first pages populated");
        assertEquals(1, created.get(), "counted once renamed into shared/");

        links.add(link(400_000, 4));
        ranges.add(append(log, "op-sum-0-c4-b.state", links.get(3)));
        Path rolled = ranges.get(3).path();
        assertEquals(shared.resolve("op-sum-0-c4-b.state"), rolled);
        assertEquals(inode, Files.readAttributes(rolled, BasicFileAttributes.class).fileKey(), "renamed, not made anew");
        assertEquals(SharedLog.MAGIC.length, ranges.get(3).offset());
        assertEquals(2, created.get());

        populator.awaitDone();
        assertEquals(1, prepared(spares).size(), "the file after it, made ahead again: " + prepared(spares));
        log.close();
        populator.awaitDone();
        assertEquals(List.of(), prepared(spares), "closing deletes the file made ahead");
        for (int i = 0; i < links.size(); i++) {
            byte[] bytes = Files.readAllBytes(ranges.get(i).path());
            StreamFile range = ranges.get(i);
            assertArrayEquals(links.get(i), Arrays.copyOfRange(bytes, (int) range.offset(), (int) (range.offset() + range.length())));
        }
        assertEquals(SharedLog.MAGIC.length + 400_000, Files.size(rolled), "cut to its link");
    }

    /** A killed process leaves its next files: the job's logs, opened again, delete those of processes that are gone. */
    @Test
    void shouldDeleteNextFilesLeftByProcessesThatAreGone() throws Exception {
        Path spares = Files.createDirectory(dir.resolve("spares"));
        long gone = ProcessHandle.current().pid() + 4_000_000L; // above Linux's pid_max
        Path leftover = Files.createFile(spares.resolve(gone + "-7" + SharedLog.PREPARED_SUFFIX));
        Path live = Files.createFile(spares.resolve(ProcessHandle.current().pid() + "-7" + SharedLog.PREPARED_SUFFIX));
        Path spare = Files.createFile(spares.resolve(gone + "-8.spare"));
        new SharedLogs(dir.resolve("shared"), spares, DiskSpace.FILE_STORE, 1 << 20).close();
        assertFalse(Files.exists(leftover), "a gone process's next file is deleted");
        assertTrue(Files.exists(live), "a live process's is not");
        assertTrue(Files.exists(spare), "spare files are SpareFiles' own");
    }

    private static StreamFile append(SharedLog log, String name, byte[] link) {
        StreamFile range = log.claim(name, false);
        range.write(link, 0, link.length);
        range.finish(false);
        return range;
    }

    private static List<Path> prepared(Path spares) throws java.io.IOException {
        if (!Files.isDirectory(spares)) {
            return List.of();
        }
        try (var files = Files.list(spares)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SharedLog.PREPARED_SUFFIX)).toList();
        }
    }

    private static byte[] link(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
