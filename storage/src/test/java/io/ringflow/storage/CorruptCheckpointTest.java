package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.metadata.MetadataDescriptor;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptCheckpointTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();
    private FileCheckpointStorage storage;
    private Path stateFile;

    @BeforeEach
    void writeTwoCheckpoints() {
        storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).memoryThreshold(1024)
            .numRetained(2).warnings(warnings::add).conclude());
        SampleJob.write(storage, "job", 1);
        SampleJob.write(storage, "job", 2);
        stateFile = root.resolve("job/chk-2/op-sum-0.state");
        assertTrue(Files.exists(stateFile));
    }

    @Test
    void shouldNameATruncatedFile() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(stateFile.toFile(), "rw")) {
            file.setLength(file.length() - 10);
        }

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, this::readSum0);
        assertTrue(e.getMessage().contains(stateFile.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** Zeros after the stream are a file whose cut (under page-cache) had not come when the process died. */
    @Test
    void shouldReadAFileLongerThanItsStreamByZerosAndNameOneLongerByOtherBytes() throws Exception {
        long length = Files.size(stateFile);
        try (RandomAccessFile file = new RandomAccessFile(stateFile.toFile(), "rw")) {
            file.setLength(length + 300_000);
        }
        readSum0();
        assertEquals(List.of(), storage.open(root.resolve("job/chk-2")).verify());

        try (RandomAccessFile file = new RandomAccessFile(stateFile.toFile(), "rw")) {
            file.seek(length + 299_000);
            file.write(1);
        }
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, this::readSum0);
        assertTrue(e.getMessage().contains(stateFile.toString()) && e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void shouldNameAFileWithAFlippedByte() throws Exception {
        flipByte(stateFile, 100);

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, this::readSum0);
        assertTrue(e.getMessage().contains(stateFile.toString()) && e.getMessage().contains("checksum mismatch"),
            e.getMessage());
    }

    @Test
    void shouldNameAMissingFile() throws Exception {
        Files.delete(stateFile);

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, this::readSum0);
        assertTrue(e.getMessage().contains(stateFile.toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shouldRejectMetadataWithAFlippedByte() throws Exception {
        Path metadata = root.resolve("job/chk-2/_metadata");
        flipByte(metadata, 60);

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> storage.open(root.resolve("job/chk-2")));
        assertTrue(e.getMessage().startsWith(metadata.toString()), e.getMessage());
    }

    @Test
    void shouldRejectMetadataOfAnUnknownVersion() throws Exception {
        Path metadata = root.resolve("job/chk-2/_metadata");
        String text = Files.readString(metadata);
        String body = text.substring(0, MetadataDescriptor.endLineOffset(text.length()))
            .replace("formatVersion: " + MetadataDescriptor.FORMAT_VERSION, "formatVersion: 99");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(metadata, body + MetadataDescriptor.END_PREFIX + String.format("%08x", (int) crc.getValue())
            + "\n");

        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
            () -> storage.open(root.resolve("job/chk-2")));
        assertTrue(e.getMessage().contains("format version 99 is not supported"), e.getMessage());
    }

    @Test
    void shouldSayADirectoryIsNotACheckpoint() throws Exception {
        Path plain = Files.createDirectories(root.resolve("photos"));
        Path file = Files.writeString(root.resolve("notes.txt"), "hello");

        CheckpointStorageException e = assertThrows(CheckpointStorageException.class, () -> storage.open(plain));
        assertTrue(e.getMessage().contains("not a complete checkpoint"), e.getMessage());
        e = assertThrows(CheckpointStorageException.class, () -> storage.open(file));
        assertTrue(e.getMessage().contains("not a checkpoint directory"), e.getMessage());
        e = assertThrows(CheckpointStorageException.class, () -> storage.open(root.resolve("nowhere")));
        assertTrue(e.getMessage().contains("no such checkpoint directory"), e.getMessage());
    }

    @Test
    void shouldSkipACorruptNewestCheckpointWithAWarning() throws Exception {
        flipByte(stateFile, 100);

        CompletedCheckpoint latest = storage.latest("job").orElseThrow();

        assertEquals(1, latest.checkpointId());
        SampleJob.assertContent(latest, 1);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("chk-2") && warnings.get(0).contains("op-sum-0.state"), warnings.get(0));
    }

    @Test
    void shouldSkipANewestCheckpointWithDamagedMetadata() throws Exception {
        Path metadata = root.resolve("job/chk-2/_metadata");
        try (RandomAccessFile file = new RandomAccessFile(metadata.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        assertEquals(1, storage.latest("job").orElseThrow().checkpointId());
        assertTrue(warnings.get(0).contains(metadata.toString()), warnings.get(0));
    }

    @Test
    void shouldReportEveryBadFileOnVerify() throws Exception {
        flipByte(stateFile, 100);
        Files.delete(root.resolve("job/chk-2/op-sum-1.state"));

        List<String> problems = CheckpointDirectories.open(root.resolve("job/chk-2")).verify();

        assertEquals(2, problems.size(), problems.toString());
        assertFalse(storage.open(root.resolve("job/chk-1")).verify().iterator().hasNext());
    }

    private void readSum0() {
        storage.open(root.resolve("job/chk-2")).readKeyedState(SampleJob.SUM, 0, (kg, b, o, l) -> { });
    }

    static void flipByte(Path file, long offset) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x40);
        }
    }
}
