package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.StreamFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rolled log file no checkpoint refers to is taken back, moved out of {@code shared/} and written again. */
class SharedLogRecycleTest {
    private static final int ROLL = 1 << 20;
    private static final int LINK = 400_000; // the third link of a file passes the roll

    @TempDir
    Path dir;

    private final BackgroundThread populator = new BackgroundThread("test-populator");
    private final List<StreamFile> ranges = new ArrayList<>();
    private final List<byte[]> links = new ArrayList<>();
    private boolean flush;

    @Test
    void shouldWriteARecycledFileAgainAndReadEveryLinkBack() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path spares = dir.resolve("spares");
        SharedLog log = new SharedLog(shared, spares, DiskSpace.FILE_STORE, ROLL, populator, () -> { });
        appendLinks(log, 1, 4); // links 1-3 in the first file, 4 rolls to the second
        Path first = ranges.get(0).path();
        Object firstInode = inode(first);
        assertFalse(log.recycle(ranges.get(3).path().getFileName().toString()), "the open file is not taken");
        assertFalse(log.recycle("op-sum-0-c99-ffffffff.state"), "nor a file the log does not know");

        assertTrue(log.recycle(first.getFileName().toString()));
        assertFalse(Files.exists(first), "moved out of shared/");
        assertFalse(log.recycle(first.getFileName().toString()), "taken once");

        appendLinks(log, 5, 9); // 7 rolls to the file made ahead
        List<Path> waiting = prepared(spares);
        assertEquals(1, waiting.size(), "only the recycled file waits, none made: " + waiting);
        assertEquals(firstInode, inode(waiting.get(0)));
        appendLinks(log, 10, 10); // rolls to the recycled file
        Path third = ranges.get(6).path();
        Path recycled = ranges.get(9).path();
        assertEquals(SharedLog.MAGIC.length, ranges.get(9).offset());
        assertEquals(firstInode, inode(recycled), "link 10 went to the first file, written again");
        assertFalse(firstInode.equals(inode(third)), "link 7 to the one made ahead");
        assertReadBack(); // links 1-3 are gone with their file; the rest read back over its old bytes

        log.close();
        populator.awaitDone();
        assertEquals(List.of(), prepared(spares));
        assertEquals(SharedLog.MAGIC.length + 3L * LINK, Files.size(ranges.get(3).path()), "rolled files cut at close");
        assertEquals(SharedLog.MAGIC.length + LINK, Files.size(recycled), "the recycled one cut to its one link");
    }

    /** A rolled file past the last few kept mapped, or one recycled while another waits, is closed and left to the caller to delete. */
    @Test
    void shouldKeepOnlyAFewFilesForReuse() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path spares = dir.resolve("spares");
        SharedLog log = new SharedLog(shared, spares, DiskSpace.FILE_STORE, ROLL, populator, () -> { });
        int files = SharedLog.RETIRED_MAPPED + 2;
        appendLinks(log, 1, 3 * files + 1);
        List<String> rolled = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            rolled.add(ranges.get(3 * i).path().getFileName().toString());
        }
        assertFalse(log.recycle(rolled.get(0)), "the oldest was unmapped at the roll");
        assertFalse(log.recycle(rolled.get(1)));
        assertEquals(SharedLog.MAGIC.length + 3L * LINK, Files.size(shared.resolve(rolled.get(0))),
            "cut once unmapped (" + rolled.get(0) + ")");
        assertTrue(log.recycle(rolled.get(2)));
        assertFalse(log.recycle(rolled.get(3)), "one waits already");
        assertTrue(Files.exists(shared.resolve(rolled.get(3))), "left for the sweep to delete");
        log.close();
        populator.awaitDone();
        assertEquals(List.of(), prepared(spares));
    }

    /** Under {@code flush} a rolled file is closed at the roll and left to the sweep to delete. */
    @Test
    void shouldNotRecycleFlushedLogs() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        SharedLog log = new SharedLog(shared, dir.resolve("spares"), DiskSpace.FILE_STORE, ROLL, populator, () -> { });
        flush = true;
        appendLinks(log, 1, 4);
        String first = ranges.get(0).path().getFileName().toString();
        assertFalse(log.recycle(first));
        assertTrue(Files.exists(shared.resolve(first)));
        populator.awaitDone();
        assertEquals(SharedLog.MAGIC.length + 3L * LINK, Files.size(shared.resolve(first)), "cut at the roll");
        log.close();
        populator.awaitDone();
    }

    private void appendLinks(SharedLog log, int from, int to) {
        for (int i = from; i <= to; i++) {
            byte[] link = link(i);
            StreamFile range = log.claim("op-sum-0-c" + i + "-0000000" + (i % 10) + ".state", flush);
            range.write(link, 0, link.length);
            range.finish(flush);
            links.add(link);
            ranges.add(range);
            populator.awaitDone();
        }
    }

    private void assertReadBack() throws IOException {
        for (int i = 3; i < ranges.size(); i++) {
            StreamFile range = ranges.get(i);
            byte[] bytes = Files.readAllBytes(range.path());
            assertArrayEquals(links.get(i), Arrays.copyOfRange(bytes, (int) range.offset(), (int) (range.offset() + range.length())),
                "link " + (i + 1));
        }
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static List<Path> prepared(Path spares) throws IOException {
        if (!Files.isDirectory(spares)) {
            return List.of();
        }
        try (var files = Files.list(spares)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SharedLog.PREPARED_SUFFIX)).toList();
        }
    }

    private static byte[] link(int seed) {
        byte[] bytes = new byte[LINK];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7);
        }
        return bytes;
    }
}
