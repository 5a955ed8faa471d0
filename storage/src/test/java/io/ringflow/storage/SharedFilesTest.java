package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.layout.CheckpointLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
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

/** The sweep of a job's shared/ directory after each completed checkpoint, with a file per link (no shared logs). */
class SharedFilesTest {
    /** Not named by the storage, or not as a shared state file: never the sweep's to delete. */
    private static final List<String> FOREIGN = List.of("notes.txt", "op-sum-0.state", "op-sum-0-cX-12345678.state",
        "op-sum-0-c1-12345678.tmp", "op-sum-0-c-1-12345678.state");
    /** Shaped like a shared file of a checkpoint newer than any in these tests: it may be in progress. */
    private static final String FUTURE = "op-sum-0-c9-0badf00d.state";
    /** Shaped like a shared file of checkpoint 2 left by an earlier run: nothing refers to it. */
    private static final String STALE = "op-sum-1-c2-00000000.state";

    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    private FileCheckpointStorage storage(int numRetained) {
        return new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root).numRetained(numRetained)
            .memoryThreshold(1024).warnings(warnings::add).conclude(), io.ringflow.storage.file.DiskSpace.FILE_STORE, 0);
    }

    private Path shared() {
        return root.resolve("job/shared");
    }

    private Set<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(shared())) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b, Iterable<String> c) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        c.forEach(all::add);
        return all;
    }

    private void plant(String... names) throws IOException {
        Files.createDirectories(shared());
        for (String name : names) {
            Files.writeString(shared().resolve(name), "not written by this storage");
        }
    }

    @Test
    void shouldDeleteAChainOnceNeitherARetainedNorThePreviouslyNewestCheckpointUsesIt() throws Exception {
        FileCheckpointStorage storage = storage(1);
        plant(FOREIGN.toArray(String[]::new));
        plant(FUTURE, STALE);
        List<String> untouchable = new ArrayList<>(FOREIGN);
        untouchable.add(FUTURE);

        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        Set<String> files1 = first.sharedFiles();
        assertEquals(2, files1.size());
        List<String> newerThanOne = new ArrayList<>(untouchable);
        newerThanOne.add(STALE); // checkpoint 2 may still be writing it
        assertEquals(union(files1, Set.of(), newerThanOne), listing());

        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);
        Set<String> files2 = new TreeSet<>(second.sharedFiles());
        files2.removeAll(files1);
        assertEquals(2, files2.size());
        assertEquals(List.of(2L), storage.completedCheckpointIds("job"));
        // 2 builds on 1; the stale file of checkpoint 2 is no longer possibly in progress
        assertEquals(union(files1, files2, untouchable), listing());

        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, null);
        Set<String> files3 = third.sharedFiles();
        assertEquals(2, files3.size());
        assertEquals(List.of(3L), storage.completedCheckpointIds("job"));
        // retention deleted 2, but a task that has not heard of 3 yet still builds on 2, hence on 1
        Set<String> expected = union(files1, files2, untouchable);
        expected.addAll(files3);
        assertEquals(expected, listing());

        CompletedCheckpoint fourth = IncrementalJob.write(storage, "job", 4, null);
        assertEquals(List.of(4L), storage.completedCheckpointIds("job"));
        // nothing builds on 1 or 2 any more; 3 is the previously newest
        assertEquals(union(files3, fourth.sharedFiles(), untouchable), listing());
        assertEquals(List.of(), storage.latest("job").orElseThrow().verify());

        IncrementalJob.write(storage, "job", 5, fourth);
        assertEquals(union(fourth.sharedFiles(), storage.latest("job").orElseThrow().sharedFiles(), untouchable),
            listing());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldLetATaskThatMissedTheNewestCheckpointBuildOnThePreviousOne() throws Exception {
        FileCheckpointStorage storage = storage(1);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, first);
        CheckpointWriter late = storage.beginCheckpoint("job", 4);
        IncrementalJob.writeStreams(late, second); // began before it heard of 3
        CompletedCheckpoint third = IncrementalJob.write(storage, "job", 3, null);

        CompletedCheckpoint fourth = late.complete(IncrementalJob.OPERATORS);

        assertEquals(List.of(), fourth.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 2, 4),
            IncrementalJob.read(fourth, IncrementalJob.all()));
        // 4 uses 1, 2 and its own; 3 is now the previously newest
        assertEquals(union(fourth.sharedFiles(), third.sharedFiles(), List.of()), listing());
        assertEquals(8, listing().size());

        CompletedCheckpoint fifth = IncrementalJob.write(storage, "job", 5, null);
        assertEquals(union(fourth.sharedFiles(), fifth.sharedFiles(), List.of()), listing());
        IncrementalJob.write(storage, "job", 6, null);
        assertEquals(union(fifth.sharedFiles(), storage.latest("job").orElseThrow().sharedFiles(), List.of()),
            listing());
    }

    @Test
    void shouldKeepTheFilesOfANewerCheckpointInProgress() throws Exception {
        FileCheckpointStorage storage = storage(1);
        CompletedCheckpoint first = IncrementalJob.write(storage, "job", 1, null);
        CheckpointWriter third = storage.beginCheckpoint("job", 3);
        IncrementalJob.writeStreams(third, first);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, null);
        CompletedCheckpoint completedThird = third.complete(IncrementalJob.OPERATORS);
        assertEquals(List.of(), completedThird.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1, 3),
            IncrementalJob.read(completedThird, IncrementalJob.all()));
        assertEquals(union(completedThird.sharedFiles(), second.sharedFiles(), List.of()), listing());
    }

    @Test
    void shouldKeepTheFilesOfAnOlderCheckpointInProgressThatMayStillComplete() throws Exception {
        FileCheckpointStorage storage = storage(2);
        CheckpointWriter first = storage.beginCheckpoint("job", 1);
        IncrementalJob.writeStreams(first, null);
        CompletedCheckpoint second = IncrementalJob.write(storage, "job", 2, null);

        CompletedCheckpoint completedFirst = first.complete(IncrementalJob.OPERATORS);

        assertEquals(List.of(1L, 2L), storage.completedCheckpointIds("job"));
        assertEquals(List.of(), completedFirst.verify());
        assertEquals(IncrementalJob.expected(IncrementalJob.all(), 1),
            IncrementalJob.read(storage.open(completedFirst.directory()), IncrementalJob.all()));
        assertEquals(union(completedFirst.sharedFiles(), second.sharedFiles(), List.of()), listing());
    }

    @Test
    void shouldDeleteNothingWhenARetainedCheckpointCannotBeRead() throws Exception {
        FileCheckpointStorage before = storage(2);
        CompletedCheckpoint first = IncrementalJob.write(before, "job", 1, null);
        CompletedCheckpoint second = IncrementalJob.write(before, "job", 2, null);
        Path metadata = root.resolve("job/chk-2/_metadata");
        try (RandomAccessFile file = new RandomAccessFile(metadata.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        FileCheckpointStorage restarted = storage(2); // knows nothing of what it read before

        CompletedCheckpoint third = IncrementalJob.write(restarted, "job", 3, null);

        assertEquals(List.of(2L, 3L), restarted.completedCheckpointIds("job"));
        assertEquals(union(first.sharedFiles(), second.sharedFiles(), third.sharedFiles()), listing(),
            "1's files are only deleted once every retained checkpoint's references are known");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("chk-2"), warnings.get(0));

        Files.delete(metadata); // a checkpoint no longer complete refers to nothing
        CompletedCheckpoint fourth = IncrementalJob.write(restarted, "job", 4, null);
        assertEquals(union(third.sharedFiles(), fourth.sharedFiles(), List.of()), listing());
    }

    @Test
    void shouldNameOnlyFilesOfCompletedOrOlderCheckpointsAsUnreferenced() throws Exception {
        plant(FOREIGN.toArray(String[]::new));
        plant(FUTURE, STALE, "op-sum-0-c1-00000001.state", "op-sum-0-c2-00000002.state", "op-a_b-3-c2-0000000f.state");
        Set<String> referenced = Set.of("op-sum-0-c2-00000002.state");

        assertEquals(List.of("op-sum-0-c1-00000001.state"), SharedFiles.unreferenced(shared(), referenced, 1));
        assertEquals(List.of("op-a_b-3-c2-0000000f.state", "op-sum-0-c1-00000001.state", STALE),
            SharedFiles.unreferenced(shared(), referenced, 2));
        assertEquals(List.of("op-a_b-3-c2-0000000f.state", "op-sum-0-c1-00000001.state", FUTURE, STALE),
            SharedFiles.unreferenced(shared(), referenced, 9));
        assertEquals(List.of(), SharedFiles.unreferenced(shared(), referenced, 0));
    }

    @Test
    void shouldParseTheCheckpointIdOfTheNamesItMakes() {
        for (String uid : List.of("sum", "window-c7-agg", "a-c", "ü/x y", "x".repeat(80))) {
            for (long id : new long[] {0, 1, 12, Long.MAX_VALUE}) {
                String name = CheckpointLayout.sharedStateFileName(uid, 3, id);
                assertEquals(id, CheckpointLayout.sharedFileCheckpointId(name), name);
                assertTrue(CheckpointLayout.isShared(CheckpointLayout.SHARED_PREFIX + name));
                assertEquals(name, CheckpointLayout.sharedName(CheckpointLayout.SHARED_PREFIX + name));
            }
        }
        for (String foreign : FOREIGN) {
            assertEquals(-1, CheckpointLayout.sharedFileCheckpointId(foreign), foreign);
        }
    }
}
