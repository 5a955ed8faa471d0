package io.ringflow.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.CheckpointStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteAcrossMappedChunksAndCutTheFileToItsLength() throws Exception {
        long total = 3 * MappedFileWriter.CHUNK_BYTES + 12_345;
        byte[] expected = new byte[(int) total];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 31 + i / 251); // by position: a piece copied to the wrong place shows
        }
        MappedFileWriter writer = MappedFileWriter.create(dir.resolve("big"), DiskSpace.FILE_STORE);
        int block = 300_001; // writes straddle chunk boundaries
        for (int written = 0; written < total; written += block) {
            writer.write(expected, written, (int) Math.min(block, total - written));
        }
        assertEquals(total, writer.length());
        writer.finish(true);

        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("big")));
    }

    /** Under page-cache the cut comes later, on its own thread; the bytes are there (and readable) before it. */
    @Test
    void shouldLeaveTheCutToTheBackgroundThreadWithoutFlushAndCutAtOnceWithFlush() throws Exception {
        BackgroundThread cutter = new BackgroundThread("test-cutter");
        byte[] bytes = "sixteen bytes!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MappedFileWriter later = MappedFileWriter.create(dir.resolve("later"), DiskSpace.FILE_STORE).cutLaterOn(cutter);
        later.write(bytes, 0, bytes.length);
        later.finish(false);
        assertTrue(Files.size(dir.resolve("later")) > bytes.length, "still a mapped chunk long");
        assertArrayEquals(bytes, Arrays.copyOf(Files.readAllBytes(dir.resolve("later")), bytes.length));

        MappedFileWriter now = MappedFileWriter.create(dir.resolve("now"), DiskSpace.FILE_STORE).cutLaterOn(cutter);
        now.write(bytes, 0, bytes.length);
        now.finish(true);
        assertEquals(bytes.length, Files.size(dir.resolve("now")), "forced files are cut before the force");

        cutter.awaitDone();
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("later")));
    }

    /** Populating ahead maps pages in for the writes to come and changes no byte, written or not. */
    @Test
    void shouldPopulatePagesAheadOfTheEndWithoutChangingAByte() throws Exception {
        Path path = dir.resolve("log");
        MappedFileWriter writer = MappedFileWriter.create(path, DiskSpace.FILE_STORE, 4 << 20);
        byte[] head = new byte[10_000];
        Arrays.fill(head, (byte) 7);
        writer.write(head, 0, head.length);
        long before = MappedPages.residentBytes(path);

        assertTrue(writer.populate(0, 3 << 20), "the kernel populates (Linux 5.14 and later)");
        long after = MappedPages.residentBytes(path);
        assertTrue(after - before >= (3 << 20) - 3 * 4096, "resident " + before + " -> " + after);

        byte[] tail = new byte[1 << 20];
        Arrays.fill(tail, (byte) 9);
        writer.write(tail, 0, tail.length);
        writer.finish(false);
        byte[] expected = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, expected, head.length, tail.length);
        assertArrayEquals(expected, Files.readAllBytes(path), "bytes as written, the file cut to them");
    }

    @Test
    void shouldNotOverwriteAnExistingFile() throws Exception {
        Path existing = Files.writeString(dir.resolve("x"), "keep");

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class,
            () -> MappedFileWriter.create(existing, DiskSpace.FILE_STORE));
        assertTrue(e.getMessage().contains(existing.toString()), e.getMessage());
    }

    @Test
    void shouldDeleteTheFileOnAbort() {
        MappedFileWriter writer = MappedFileWriter.create(dir.resolve("gone"), DiskSpace.FILE_STORE);
        writer.write(new byte[10], 0, 10);
        writer.abort();

        assertFalse(Files.exists(dir.resolve("gone")));
    }
}
