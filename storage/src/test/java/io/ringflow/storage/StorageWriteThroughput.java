package io.ringflow.storage;

import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.OperatorDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Write throughput of a 256 MB snapshot through {@link FileCheckpointStorage} (256 key groups
 * of 1 MB, one subtask) next to a plain {@link FileChannel} write of the same bytes, with and
 * without the flush to the device. A harness to run by hand, not a test:
 *
 * <pre>
 *   java $(scripts/jvm-flags) -cp CLASSPATH io.ringflow.storage.StorageWriteThroughput [DIR] [RUNS]
 * </pre>
 *
 * Each figure is the median of RUNS (default 5) after one warm-up run; files are deleted
 * between runs, so every run touches fresh pages as a real checkpoint does.
 */
public final class StorageWriteThroughput {
    private static final int CHUNK = 1 << 20;
    private static final int KEY_GROUPS = 256;
    private static final long TOTAL = (long) CHUNK * KEY_GROUPS;

    private StorageWriteThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"), "ringflow-throughput");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            chunk.put(i, (byte) (i * 31 + 7));
        }
        System.out.printf(Locale.ROOT, "snapshot %d MB, %d runs (median), dir %s%n", TOTAL >> 20, runs, dir);
        report("storage, durability=flush (default)", runs, dir, () -> viaStorage(dir, chunk, "flush", "4096"));
        report("storage, durability=page-cache", runs, dir, () -> viaStorage(dir, chunk, "page-cache", "4096"));
        report("storage, page-cache, write-buffer 1 mb", runs, dir, () -> viaStorage(dir, chunk, "page-cache", "1mb"));
        report("FileChannel.write + force", runs, dir, () -> viaFileChannel(dir, chunk, true));
        report("FileChannel.write, no force", runs, dir, () -> viaFileChannel(dir, chunk, false));
        CheckpointLayout.deleteTree(dir);
    }

    private static void viaStorage(Path dir, ByteBuffer chunk, String durability, String writeBuffer) {
        CheckpointStorage storage = CheckpointStorage.create(StorageOptions.builder()
            .set(StorageOptions.CHECKPOINTS_DIR, dir.toString())
            .set(StorageOptions.DURABILITY, durability)
            .set(StorageOptions.WRITE_BUFFER_SIZE, writeBuffer).conclude());
        UnsafeBuffer source = new UnsafeBuffer(chunk);
        CheckpointWriter writer = storage.beginCheckpoint("bench", 1);
        StateOutput out = writer.openState("state", 0);
        for (int kg = 0; kg < KEY_GROUPS; kg++) {
            out.writeKeyGroup(kg, source, 0, CHUNK);
        }
        out.finish();
        writer.complete(List.of(new OperatorDescriptor("state", 1, KEY_GROUPS)));
    }

    private static void viaFileChannel(Path dir, ByteBuffer chunk, boolean force) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve("plain.bin"), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
            for (int kg = 0; kg < KEY_GROUPS; kg++) {
                ByteBuffer slice = chunk.duplicate();
                while (slice.hasRemaining()) {
                    channel.write(slice);
                }
            }
            if (force) {
                channel.force(true);
            }
        }
    }

    private static void report(String name, int runs, Path dir, Body body) throws Exception {
        double[] mbPerSecond = new double[runs];
        for (int run = -1; run < runs; run++) {
            CheckpointLayout.deleteTree(dir);
            long start = System.nanoTime();
            body.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run >= 0) {
                mbPerSecond[run] = (TOTAL >> 20) / seconds;
            }
        }
        Arrays.sort(mbPerSecond);
        System.out.printf(Locale.ROOT, "%-42s %8.0f MB/s  (min %.0f, max %.0f)%n", name, mbPerSecond[runs / 2],
            mbPerSecond[0], mbPerSecond[runs - 1]);
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }
}
