package io.ringflow.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareFilesTest {
    @TempDir
    Path jobDir;

    private final List<String> warnings = new ArrayList<>();
    private SpareFiles spares;

    @AfterEach
    void close() {
        if (spares != null) {
            spares.close();
        }
    }

    @Test
    void shouldRenameAReadySpareIntoTheStreamsFileAndWriteItToItsExactLength() throws Exception {
        spares = new SpareFiles(jobDir.resolve("spares"), DiskSpace.FILE_STORE, 2, warnings::add);
        assertEquals(MappedFileWriter.CHUNK_BYTES, spares.bytesToTouch(), "a whole chunk until files were written");
        assertNull(spares.take(jobDir.resolve("first")), "nothing is made before the first take");
        awaitReady(2);

        Path path = jobDir.resolve("op-sum-0.state");
        List<Path> ready = spareFiles();
        MappedFileWriter writer = spares.take(path);
        assertNotNull(writer);
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        writer.write(bytes, 0, bytes.length);
        writer.finish(true);

        assertArrayEquals(bytes, Files.readAllBytes(path));
        assertEquals(5 * 64 * 1024, spares.bytesToTouch(), "the next spares are touched as far as 300,000 bytes need");
        // counted among those ready before the take: 10 ms after it the filler may make another
        assertEquals(1, ready.stream().filter(Files::exists).count(), "the other spare waits; the taken one is gone from the spares");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldYieldWhileTouchingASparesPagesOnlyWhenAsked() throws Exception {
        long before = io.ringflow.storage.CpuSlices.yields();
        spares = new SpareFiles(jobDir.resolve("spares"), DiskSpace.FILE_STORE, 1, warnings::add);
        spares.take(jobDir.resolve("first"));
        awaitReady(1);
        assertEquals(before, io.ringflow.storage.CpuSlices.yields(), "no yield by default");
        spares.close();

        spares = new SpareFiles(jobDir.resolve("spares-yielding"), DiskSpace.FILE_STORE, 1, warnings::add)
            .yieldingEvery(1); // a slice of 1 ns: a yield before each page touched
        spares.take(jobDir.resolve("second"));
        awaitReady(1);
        long yields = io.ringflow.storage.CpuSlices.yields() - before;
        assertTrue(yields >= spares.bytesToTouch() / 4096, "a yield per page of the spare touched: " + yields);
    }

    @Test
    void shouldKeepTheSpareWhenTheStreamsFileExists() throws Exception {
        spares = new SpareFiles(jobDir.resolve("spares"), DiskSpace.FILE_STORE, 1, warnings::add);
        spares.take(jobDir.resolve("first"));
        awaitReady(1);
        Path existing = Files.writeString(jobDir.resolve("taken"), "keep me");
        assertNull(spares.take(existing));
        assertEquals("keep me", Files.readString(existing));
        assertEquals(1, spares.readyCount());
    }

    @Test
    void shouldDeleteSparesLeftByAKilledProcessAndThoseReadyWhenClosed() throws Exception {
        Path dir = Files.createDirectories(jobDir.resolve("spares"));
        Files.write(dir.resolve("4242-7.spare"), new byte[4096]);
        spares = new SpareFiles(dir, DiskSpace.FILE_STORE, 2, warnings::add);
        spares.take(jobDir.resolve("first"));
        awaitReady(2);
        assertFalse(Files.exists(dir.resolve("4242-7.spare")));
        assertEquals(2, spareFiles().size());

        spares.close();
        assertEquals(List.of(), spareFiles());
        assertNull(spares.take(jobDir.resolve("after-close")));
    }

    @Test
    void shouldMakeNoSpareOnADiskWithoutRoom() throws Exception {
        spares = new SpareFiles(jobDir.resolve("spares"), dir -> MappedFileWriter.CHUNK_BYTES, 2, warnings::add);
        assertNull(spares.take(jobDir.resolve("first")));
        Thread.sleep(300); // the filler ran many rounds meanwhile
        assertEquals(0, spares.readyCount());
        assertNull(spares.take(jobDir.resolve("second")));
        assertEquals(List.of(), spareFiles());
    }

    private void awaitReady(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (spares.readyCount() < count) {
            assertTrue(System.nanoTime() < deadline, "spares ready: " + spares.readyCount() + ", warnings " + warnings);
            Thread.sleep(5);
        }
    }

    private List<Path> spareFiles() throws IOException {
        Path dir = jobDir.resolve("spares");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
