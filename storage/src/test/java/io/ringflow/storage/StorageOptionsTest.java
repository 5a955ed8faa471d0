package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageOptionsTest {
    @Test
    void shouldDefaultToJobmanagerWithoutADirectoryAndToFlinkDefaults() {
        StorageOptions options = StorageOptions.fromMap(Map.of());

        assertEquals(StorageOptions.Kind.JOBMANAGER, options.kind());
        assertNull(options.checkpointsDir());
        assertEquals(1, options.numRetained());
        assertEquals(20 * 1024, options.memoryThreshold());
        assertEquals(20 * 1024, options.writeBufferSize(), "the buffer is at least the threshold");
        assertEquals(StorageOptions.Durability.FLUSH, options.durability());
        assertEquals(StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION, options.cancelRetention());
        assertTrue(CheckpointStorage.create(options) instanceof HeapCheckpointStorage);
    }

    @Test
    void shouldReadEveryKeyOfTheSeedTable() {
        StorageOptions options = StorageOptions.fromMap(Map.of(
            "state.checkpoint-storage", "filesystem",
            "state.checkpoints.dir", "file:///var/ringflow/checkpoints",
            "state.checkpoints.num-retained", "3",
            "state.savepoints.dir", "/var/ringflow/savepoints",
            "state.storage.fs.memory-threshold", "1 kb",
            "state.storage.fs.write-buffer-size", "64kb",
            "state.storage.fs.durability", "page-cache",
            "execution.checkpointing.externalized-checkpoint-retention", "DELETE_ON_CANCELLATION",
            "execution.checkpointing.file-merging.max-file-size", "4 mb",
            "execution.checkpointing.interval", "10 s"));

        assertEquals(StorageOptions.Kind.FILESYSTEM, options.kind());
        assertEquals(Path.of("/var/ringflow/checkpoints"), options.checkpointsDir());
        assertEquals(3, options.numRetained());
        assertEquals(Path.of("/var/ringflow/savepoints"), options.savepointsDir());
        assertEquals(1024, options.memoryThreshold());
        assertEquals(64 * 1024, options.writeBufferSize());
        assertEquals(StorageOptions.Durability.PAGE_CACHE, options.durability());
        assertEquals(StorageOptions.CancelRetention.DELETE_ON_CANCELLATION, options.cancelRetention());
        assertEquals(4 * 1024 * 1024, options.maxFileSize());
    }

    /** Flink's file URI forms; before 2026-12-07 file:/x and file://localhost/x became relative directories. */
    @ParameterizedTest
    @CsvSource({"file:///tmp/ck,/tmp/ck", "file:/tmp/ck,/tmp/ck", "file://localhost/tmp/ck,/tmp/ck", "/tmp/ck,/tmp/ck",
        "relative/ck,relative/ck"})
    void shouldReadFlinksFileUriForms(String value, String path) {
        assertEquals(Path.of(path), StorageOptions.fromMap(Map.of("state.checkpoints.dir", value)).checkpointsDir());
    }

    /** Flink 2's default value, refused as unknown before. */
    @Test
    void shouldReadEveryRetentionValueOfFlink() {
        for (String value : new String[] {"RETAIN_ON_CANCELLATION", "DELETE_ON_CANCELLATION", "NO_EXTERNALIZED_CHECKPOINTS",
            "no-externalized-checkpoints"}) {
            StorageOptions options = StorageOptions.fromMap(Map.of(
                "execution.checkpointing.externalized-checkpoint-retention", value));
            assertEquals(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), options.cancelRetention().name());
        }
        assertTrue(StorageOptions.CancelRetention.NO_EXTERNALIZED_CHECKPOINTS.discards(false));
        assertTrue(!StorageOptions.CancelRetention.DELETE_ON_CANCELLATION.discards(false));
        assertTrue(StorageOptions.CancelRetention.DELETE_ON_CANCELLATION.discards(true));
        assertTrue(!StorageOptions.CancelRetention.RETAIN_ON_CANCELLATION.discards(true));
    }

    @Test
    void shouldChooseFilesystemWhenADirectoryIsSet() {
        StorageOptions options = StorageOptions.fromMap(Map.of("state.checkpoints.dir", "/tmp/x"));

        assertEquals(StorageOptions.Kind.FILESYSTEM, options.kind());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "state.checkpoints.num-retained|0|state.checkpoints.num-retained must be at least 1",
        "state.checkpoints.num-retained|many|state.checkpoints.num-retained must be an integer",
        "state.storage.fs.memory-threshold|2 mb|state.storage.fs.memory-threshold must be between 0 and 1 mb",
        "state.storage.fs.memory-threshold|lots|state.storage.fs.memory-threshold must be a size",
        "state.storage.fs.write-buffer-size|0|state.storage.fs.write-buffer-size must be between",
        "execution.checkpointing.file-merging.max-file-size|1 kb|execution.checkpointing.file-merging.max-file-size must be between 4 kb and 1 gb",
        "execution.checkpointing.file-merging.max-file-size|2 gb|execution.checkpointing.file-merging.max-file-size is too large",
        "state.checkpoint-storage|rocksdb|state.checkpoint-storage must be one of jobmanager, filesystem",
        "state.storage.fs.durability|maybe|state.storage.fs.durability must be one of flush, page-cache",
        "state.storage.fs.memory-treshold|1kb|unknown option state.storage.fs.memory-treshold",
        "state.checkpoints.dir|hdfs:///x|state.checkpoints.dir must be a local directory",
        "state.checkpoints.dir|file://otherhost/x|state.checkpoints.dir must be a local directory",
        "state.checkpoints.dir|null|state.checkpoints.dir has no value",
        "state.checkpoints.dir|~|state.checkpoints.dir has no value",
        "state.storage.fs.memory-threshold|9000000000 gb|state.storage.fs.memory-threshold is too large",
    })
    void shouldRejectABadValueNamingTheKey(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StorageOptions.builder().set("state.checkpoints.dir", "/tmp/x").set(key, value).conclude());

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void shouldRequireADirectoryForFilesystemAndSayHowToFixIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StorageOptions.fromMap(Map.of("state.checkpoint-storage", "filesystem")));

        assertTrue(e.getMessage().contains("state.checkpoints.dir"), e.getMessage());
        assertTrue(e.getMessage().contains("jobmanager"), e.getMessage());
    }
}
