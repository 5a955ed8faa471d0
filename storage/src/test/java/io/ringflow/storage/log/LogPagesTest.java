package io.ringflow.storage.log;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeakedChronicleResources.class)
class LogPagesTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    /** libc's mmap/mincore/munmap: which pages of a file are in the page cache. */
    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset);

        int munmap(Pointer address, long length);

        int mincore(Pointer address, long length, byte[] vector);

        int open(String path, int flags);

        int close(int fd);
    }

    /** Of the pages in [from, to) of {@code file}, how many are in the page cache (without faulting any in). */
    static int residentPages(File file, long from, long to) {
        int fd = LibC.C.open(file.getPath(), 0);
        assertTrue(fd >= 0, "open " + file);
        try {
            long length = to - from;
            Pointer address = LibC.C.mmap(null, length, 1, 1, fd, from);
            assertTrue(Pointer.nativeValue(address) != -1, "mmap");
            try {
                byte[] vector = new byte[(int) ((length + PAGE - 1) / PAGE)];
                assertEquals(0, LibC.C.mincore(address, length, vector));
                int resident = 0;
                for (byte page : vector) {
                    resident += page & 1;
                }
                return resident;
            } finally {
                LibC.C.munmap(address, length);
            }
        } finally {
            LibC.C.close(fd);
        }
    }

    /** The file's blocks on the disk, in bytes ({@code du}). */
    static long allocatedBytes(File file) throws Exception {
        Process du = new ProcessBuilder("du", "-B1", file.getPath()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        assertEquals(0, du.waitFor(), out);
        return Long.parseLong(out.split("\\s+")[0]);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldBringTheNextPagesOfAHoleIntoThePageCacheAndAllocateTheirBlocksWithoutChangingAByte() throws Exception {
        File file = dir.resolve("sparse.cq4").toFile();
        long size = 16L << 20;
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(size); // a hole, as a queue file is ahead of its writer
            raf.seek(100);
            raf.write(new byte[] {1, 2, 3});
        }
        assertTrue(residentPages(file, 1 << 20, size) < 16, "the hole is not cached to begin with");
        assertTrue(allocatedBytes(file) < (1 << 20), "a hole has no blocks");

        LogPages pages = new LogPages(() -> file);
        pages.wrote(1 << 20, null);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pages.populatedUpTo() < (1 << 20) + LogPages.AHEAD_BYTES && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals((1 << 20) + LogPages.AHEAD_BYTES, pages.populatedUpTo());
        int ahead = (int) (LogPages.AHEAD_BYTES / PAGE);
        assertEquals(ahead, residentPages(file, 1 << 20, (1 << 20) + LogPages.AHEAD_BYTES),
            "every page the writer will write next is in the page cache");
        assertTrue(allocatedBytes(file) >= LogPages.AHEAD_BYTES,
            "their blocks are allocated now, not when the kernel writes them back: " + allocatedBytes(file));

        byte[] content = Files.readAllBytes(file.toPath());
        assertEquals(size, content.length);
        for (int i = 0; i < content.length; i++) {
            int expected = i == 100 ? 1 : i == 101 ? 2 : i == 102 ? 3 : 0;
            if (content[i] != expected) {
                assertEquals(expected, (int) content[i], "byte " + i);
            }
        }
    }

    @Test
    void shouldAskAgainOnlyNearTheEndOfWhatWasBroughtInAndFromTheStartOfANewCycleFile() throws Exception {
        List<File> files = new ArrayList<>();
        File first = dir.resolve("first.cq4").toFile();
        files.add(first);
        try (RandomAccessFile raf = new RandomAccessFile(first, "rw")) {
            raf.setLength(64L << 20);
        }
        LogPages pages = new LogPages(() -> files.get(files.size() - 1));
        pages.wrote(0, null);
        awaitIdle(pages, 1);
        for (long position = 64; position < LogPages.AHEAD_BYTES - LogPages.LOW_WATER_BYTES; position += 4096) {
            pages.wrote(position, null);
        }
        assertEquals(1, pages.requests(), "still more than the low water ahead");
        pages.wrote(LogPages.AHEAD_BYTES - LogPages.LOW_WATER_BYTES + 1, null);
        awaitIdle(pages, 2);

        File second = dir.resolve("second.cq4").toFile();
        try (RandomAccessFile raf = new RandomAccessFile(second, "rw")) {
            raf.setLength(64L << 20);
        }
        files.add(second);
        pages.wrote(128, null); // the writer went back: a new cycle file
        awaitIdle(pages, 3);
        assertEquals(LogPages.AHEAD_BYTES / PAGE, residentPages(second, 0, LogPages.AHEAD_BYTES));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldMarkTheWritersMappingForRandomAccessAndBringInThePagesAheadOfIt() throws Exception {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            byte[] payload = new byte[100];
            writer.appendRecord(1, 0, payload, 0, payload.length);
            awaitIdle(writer.pages(), 1);
            for (int i = 1; i < 30_000; i++) { // about 4 MB: past the low water of the first request
                writer.appendRecord(1, i, payload, 0, payload.length);
            }
            List<String> flags = queueFileMappingFlags(writer.queueDirectory());
            assertTrue(flags.stream().anyMatch(f -> f.contains(" rr")),
                "the writer's mapping reads no window around a fault (VmFlags rr): " + flags);

            LogPages pages = writer.pages();
            awaitIdle(pages, 2); // one request at the start, one at the low water
            File file = writer.currentFile();
            long from = (pages.populatedUpTo() - LogPages.AHEAD_BYTES + LogPages.LOW_WATER_BYTES) / PAGE * PAGE;
            assertEquals((pages.populatedUpTo() - from + PAGE - 1) / PAGE, residentPages(file, from, pages.populatedUpTo()),
                "the pages ahead of the writer are in the page cache");
        }
    }

    /** The VmFlags lines of this process's mappings of the queue's cycle files. */
    private static List<String> queueFileMappingFlags(Path queueDir) throws Exception {
        List<String> flags = new ArrayList<>();
        List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inQueueFile = false;
        for (String line : smaps) {
            if (Character.isDigit(line.charAt(0)) || (line.charAt(0) >= 'a' && line.charAt(0) <= 'f')) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inQueueFile = line.contains(queueDir.toString()) && line.endsWith(".cq4");
                }
            }
            if (inQueueFile && line.startsWith("VmFlags:")) {
                flags.add(line);
            }
        }
        return flags;
    }

    private static void awaitIdle(LogPages pages, long requests) throws InterruptedException {
        assertEquals(requests, pages.requests());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pages.busy() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
    }
}
