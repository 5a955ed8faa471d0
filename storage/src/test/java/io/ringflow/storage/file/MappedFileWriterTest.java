package io.ringflow.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) 0x5A);
        MappedFileWriter writer = MappedFileWriter.create(dir.resolve("big"), DiskSpace.FILE_STORE);
        long total = MappedFileWriter.CHUNK_BYTES + 12_345;
        for (long written = 0; written < total; written += block.length) {
            writer.write(block, 0, (int) Math.min(block.length, total - written));
        }
        writer.finish(true);

        byte[] read = Files.readAllBytes(dir.resolve("big"));
        byte[] expected = new byte[(int) total];
        Arrays.fill(expected, (byte) 0x5A);
        assertArrayEquals(expected, read);
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
