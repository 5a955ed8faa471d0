package io.ringflow.storage;

import static io.ringflow.storage.IncrementalJob.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental links appended to one shared log per subtask: ranges, rolls, busy logs, retention and corruption. */
class SharedLogStorageTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(int numRetained, long rollBytes, StorageOptions.Durability durability) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).numRetained(numRetained)
            .memoryThreshold(64).writeBufferSize(256).durability(durability).warnings(warnings::add).conclude(),
            DiskSpace.FILE_STORE, rollBytes);
    }

    private Path shared() {
        return root.resolve("job/shared");
    }

    private Set<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(shared())) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static StreamHandle state(CompletedCheckpoint checkpoint, int subtask) {
        return checkpoint.metadata().operator(SUM).subtask(subtask).state();
    }

    @Test
    void shouldAppendEverySubtasksLinksToOneLogAndReadTheChainBack() throws Exception {
        FileCheckpointStorage storage = storage(1, SharedLogs.ROLL_BYTES, StorageOptions.Durability.FLUSH);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);
        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, second);

        for (int s = 0; s < IncrementalJob.PARALLELISM; s++) {
            StreamHandle a = state(first, s);
            StreamHandle b = state(second, s);
            StreamHandle c = state(third, s);
            assertTrue(a.fileName().startsWith(CheckpointLayout.SHARED_PREFIX + "op-sum-" + s + "-c1-"), a.fileName());
            assertEquals(a.fileName(), b.fileName(), "one log per subtask");
            assertEquals(a.fileName(), c.fileName());
            assertEquals(SharedLog.MAGIC.length, a.offset(), "the first link follows the log's header");
            assertEquals(a.offset() + a.length(), b.offset(), "links follow each other");
            assertEquals(b.offset() + b.length(), c.offset());
        }
        assertEquals(2, listing().size(), listing().toString());
        assertTrue(Files.readString(third.directory().resolve("_metadata")).contains("offset: " + SharedLog.MAGIC.length));

        CompletedCheckpoint reopened = storage.open(third.directory());
        assertEquals(List.of(), reopened.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 3),
            IncrementalJob.read(reopened, IncrementalJob.all()));

        storage.onJobEnded("job");
        for (int s = 0; s < IncrementalJob.PARALLELISM; s++) {
            StreamHandle last = state(third, s);
            assertEquals(last.offset() + last.length(), Files.size(root.resolve("job/chk-3").resolve(last.fileName())),
                "a closed log is cut to its last link");
        }
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 3),
            IncrementalJob.read(storage.open(third.directory()), IncrementalJob.all()));
        assertEquals(CheckpointsCli.OK, cli("verify", root.resolve("job").toString()));
        assertEquals(List.of(), warnings);
    }

    /**
     * Logs no checkpoint refers to any more are recycled, not deleted: a later log is the same file
     * under a new name, written again over its old bytes, and every chain still reads back.
     */
    @Test
    void shouldRecycleLogsNoCheckpointRefersToAndReadEveryChainBack() throws Exception {
        FileCheckpointStorage storage = storage(1, 1500, StorageOptions.Durability.PAGE_CACHE);
        CompletedCheckpoint previous = null;
        long chainStart = 1;
        java.util.Map<Object, Set<String>> namesByInode = new java.util.HashMap<>();
        for (long id = 1; id <= 40; id++) {
            boolean full = id % 3 == 1;
            chainStart = full ? id : chainStart;
            previous = IncrementalJob.write(storage, "job", id, full ? null : previous);
            storage.awaitFileWork(); // the populator made the next files, so rolls take them
            long[] chain = java.util.stream.LongStream.rangeClosed(chainStart, id).toArray();
            assertEquals(IncrementalJob.expected(IncrementalJob.all(), chain),
                IncrementalJob.read(storage.open(previous.directory()), IncrementalJob.all()), "checkpoint " + id);
            for (String name : listing()) {
                Object inode = Files.readAttributes(shared().resolve(name), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
                namesByInode.computeIfAbsent(inode, key -> new TreeSet<>()).add(name);
            }
        }
        assertTrue(namesByInode.values().stream().anyMatch(names -> names.size() > 1),
            "a file came back under a new name: " + namesByInode);
        assertEquals(CheckpointsCli.OK, cli("verify", root.resolve("job").toString()));
        storage.onJobEnded("job");
        assertEquals(previous.sharedFiles(), listing(), "when the job ends only what the retained checkpoint names stays");
        assertFalse(Files.exists(root.resolve("job").resolve(CheckpointLayout.SPARES_DIR)), "no file left ready for reuse");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldRollToANewFileAndDeleteTheOldOneOnceNoCheckpointRefersToIt() throws Exception {
        FileCheckpointStorage storage = storage(1, 1500, StorageOptions.Durability.PAGE_CACHE);
        CompletedCheckpoint previous = null;
        List<String> logsOfSubtask0 = new ArrayList<>();
        for (long id = 1; id <= 8; id++) {
            previous = IncrementalJob.write(storage, "job", id, id % 3 == 1 ? null : previous); // full every third
            String log = CheckpointLayout.sharedName(state(previous, 0).fileName());
            if (!logsOfSubtask0.contains(log)) {
                logsOfSubtask0.add(log);
            }
            Set<String> referenced = previous.sharedFiles();
            assertTrue(listing().containsAll(referenced), "every file the newest checkpoint names is there");
        }
        assertTrue(logsOfSubtask0.size() >= 3, "rolled past 1,500 bytes: " + logsOfSubtask0);
        assertFalse(listing().contains(logsOfSubtask0.get(0)), "the first log, which no checkpoint names any more, is gone");
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 7, 8),
            IncrementalJob.read(storage.open(previous.directory()), IncrementalJob.all()));

        storage.onJobEnded("job");
        assertEquals(previous.sharedFiles(), listing(), "when the job ends only what the retained checkpoint names stays");
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldGiveALinkAFileOfItsOwnWhileTheLogIsBusyAndKeepTheOpenLogThroughRetention() throws Exception {
        FileCheckpointStorage storage = storage(1, 1500, StorageOptions.Durability.PAGE_CACHE);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);

        // checkpoint 3 rolls subtask 0's log (past 1,500 bytes) to a new file, then fails
        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        writeLinkUnfinished(third, second);
        third.abort();
        Set<String> rolled = new TreeSet<>(listing());
        rolled.removeAll(second.sharedFiles());
        assertEquals(1, rolled.size(), "the log checkpoint 3 rolled to: " + listing());
        String rolledLog = rolled.iterator().next();
        assertTrue(rolledLog.startsWith("op-sum-0-c3-"), rolledLog);

        // checkpoint 4 takes that log and stays mid-link: the log is busy
        CheckpointWriter fourth = storage.beginCheckpoint("job", 4);
        writeLinkUnfinished(fourth, second);

        // checkpoint 5 meanwhile: subtask 0's link gets a file of its own; its completion sweeps,
        // and the open log, which no checkpoint names and whose checkpoint 3 is no longer in progress, stays
        CompletedCheckpoint fifth = IncrementalJob.write(storage, "job", 5, second);
        StreamHandle own = state(fifth, 0);
        assertEquals(0, own.offset(), "a whole file");
        assertTrue(CheckpointLayout.sharedName(own.fileName()).startsWith("op-sum-0-c5-"), own.fileName());
        storage.awaitFileWork(); // under page-cache a finished file is cut to its stream's length in the background
        assertEquals(own.length(), Files.size(shared().resolve(CheckpointLayout.sharedName(own.fileName()))));
        assertFalse(fifth.sharedFiles().contains(rolledLog));
        assertTrue(listing().contains(rolledLog), "an open log is kept: " + listing());

        // 4 fails too; the log takes links again, after the dead bytes of 3 and 4
        fourth.abort();
        CompletedCheckpoint sixth = IncrementalJob.write(storage, "job", 6, fifth);
        StreamHandle appended = state(sixth, 0);
        assertEquals(rolledLog, CheckpointLayout.sharedName(appended.fileName()));
        assertTrue(appended.offset() >= SharedLog.MAGIC.length + 2 * 256, "after the aborted links' bytes: " + appended);
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 5, 6),
            IncrementalJob.read(storage.open(sixth.directory()), IncrementalJob.all()));
        storage.onJobEnded("job");
        assertEquals(sixth.sharedFiles(), listing());
        assertEquals(List.of(), warnings);
    }

    /** Subtask 0's link on {@code previous}, written past the write buffer (so it has its range) but not finished. */
    private static void writeLinkUnfinished(CheckpointWriter writer, CompletedCheckpoint previous) {
        StateOutput out = writer.openSharedState(SUM, 0, IncrementalJob.baseOn(previous, 0));
        for (int kg : IncrementalJob.keyGroups(writer.checkpointId(), 0, false)) {
            out.writeKeyGroup(kg, IncrementalJob.chunk(writer.checkpointId(), kg));
        }
    }

    @Test
    void shouldNameTheLogWhenTheDiskFillsAndGoOnOnceThereIsRoom() throws Exception {
        java.util.concurrent.atomic.AtomicLong usable = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .numRetained(1).memoryThreshold(64).writeBufferSize(256).warnings(warnings::add).conclude(),
            dir -> usable.get(), 1); // every link rolls: a fresh file whose space is checked at once
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);

        CheckpointWriter second = storage.beginCheckpoint("job", 2);
        usable.set(100);
        CheckpointStorageException full = assertThrows(CheckpointStorageException.class,
            () -> writeLinkUnfinished(second, first));
        second.abort();
        assertTrue(full.getMessage().contains("disk full") && full.getMessage().contains("op-sum-0-c2-"), full.getMessage());

        usable.set(Long.MAX_VALUE);
        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, first);
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 3),
            IncrementalJob.read(storage.open(third.directory()), IncrementalJob.all()));
        assertTrue(listing().stream().noneMatch(name -> name.contains("-c2-")), "the failed link's log is swept: " + listing());
        storage.onJobEnded("job");
        assertEquals(third.sharedFiles(), listing());
    }

    @Test
    void shouldNameACorruptOrTruncatedRangeOnVerifyAndRead() throws Exception {
        FileCheckpointStorage storage = storage(1, SharedLogs.ROLL_BYTES, StorageOptions.Durability.PAGE_CACHE);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);
        storage.onJobEnded("job");
        StreamHandle link = state(second, 1);
        Path log = second.directory().resolve(link.fileName());

        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            long at = link.offset() + link.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x40);
        }
        List<String> problems = storage.open(second.directory()).verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(link.fileName().substring(CheckpointLayout.SHARED_PREFIX.length()))
            && problems.get(0).contains("bytes " + link.offset() + "+" + link.length())
            && problems.get(0).contains("checksum mismatch"), problems.get(0));
        CorruptCheckpointException onRead = assertThrows(CorruptCheckpointException.class,
            () -> IncrementalJob.read(storage.open(second.directory()), IncrementalJob.all()));
        assertTrue(onRead.getMessage().contains("checksum mismatch"), onRead.getMessage());
        assertEquals(CheckpointsCli.FAILED, cli("verify", second.directory().toString()));

        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(link.offset() + link.length() - 1);
        }
        problems = storage.open(second.directory()).verify();
        assertTrue(problems.stream().anyMatch(p -> p.contains("truncated") && p.contains("at least "
            + (link.offset() + link.length()))), problems.toString());
        cli("list", root.resolve("job").toString());
        assertTrue(lastOutput.contains("CORRUPT"), lastOutput);
    }

    private String lastOutput = "";

    private int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckpointsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        lastOutput = out.toString(StandardCharsets.UTF_8);
        return code;
    }
}
