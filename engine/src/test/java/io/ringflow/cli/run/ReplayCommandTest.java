package io.ringflow.cli.run;

import io.ringflow.cli.CliRun;
import io.ringflow.cli.run.WindowedLogJob.Bar;
import io.ringflow.connector.ChronicleLogAppender;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSource;
import io.ringflow.connector.CommittedLogQueue;
import io.ringflow.connector.CommittedLogQueue.Record;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringflow replay} of an unchanged job: identical output, a tampered earlier output, and argument mistakes. */
class ReplayCommandTest {
    private static final String JOB = WindowedLogJob.class.getName();

    @TempDir
    Path dir;

    @Test
    void shouldExit0ForAnIdenticalReplayAnd1NamingTheFirstDifferenceOfATamperedOutput() {
        Path input = dir.resolve("input");
        WindowedLogJob.writeInput(input, 3000);
        Path earlier = dir.resolve("earlier");
        WindowedLogJob.injectFailures(0, 0);
        CliRun first = CliRun.of("run", "--job", JOB, "--", "bars", input.toString(), earlier.toString(),
            dir.resolve("checkpoints").toString(), "1");
        assertEquals(0, first.code(), first.toString());
        List<Bar> bars = ChronicleLogReader.readCommitted(earlier, WindowedLogJob.BARS);
        assertTrue(bars.size() > 100, "the earlier run committed its bars: " + bars.size());

        // the program names its own log and checkpoint directories; the replay must touch neither
        CliRun same = replay(input, earlier, dir.resolve("replay-1"), "--parallelism", "3");

        assertEquals(0, same.code(), same.toString());
        assertTrue(same.out().contains("identical: " + earlier + " and " + dir.resolve("replay-1/output")), same.out());
        assertTrue(same.out().contains("replay: read " + input + " instead of " + dir.resolve("program-input")), same.out());
        assertFalse(Files.exists(dir.resolve("program-output")), "the replay wrote into the job's own log");
        assertFalse(Files.exists(dir.resolve("program-checkpoints")), "the replay checkpointed into the job's own directory");
        assertEquals(3, CommittedLogQueue.queues(dir.resolve("replay-1/output")).size(), "the replay ran at parallelism 3");

        Path tampered = dir.resolve("tampered");
        Record changed = copyChangingOneRecord(earlier, tampered, 40);
        CliRun different = replay(input, tampered, dir.resolve("replay-2"), "--parallelism", "1");

        assertEquals(1, different.code(), different.toString());
        // records of one event time (window results of one end) count as a multiset: the position is within their run
        String expected = "ringflow replay: the output differs from " + tampered + ": queue subtask-0, committed record ";
        assertTrue(different.errLine().startsWith(expected), different.errLine() + "\nwanted: " + expected);
        assertTrue(different.errLine().contains(": expected subtask-0 index=" + changed.index() + " "), different.errLine());
        assertTrue(different.errLine().contains(", actual subtask-0 index="), different.errLine());
        Bar original = bars.get(40);
        assertTrue(different.errLine().contains("(" + original + ")"), "the actual record decoded: " + different.errLine());
        assertTrue(different.errLine().contains("count=" + (original.count() + 1)), "the tampered record decoded");
    }

    @Test
    void shouldExit2OnUsageMistakes() {
        CliRun noLog = CliRun.of("replay", "--job", JOB, "--compare", "out");
        CliRun badFrom = CliRun.of("replay", "--job", JOB, "--log", "in", "--compare", "out", "--from", "yesterday");
        CliRun emptyRange = CliRun.of("replay", "--job", JOB, "--log", "in", "--compare", "out", "--from", "20", "--to", "10");
        CliRun badParallelism = CliRun.of("replay", "--job", JOB, "--log", "in", "--compare", "out", "--parallelism", "0");

        assertEquals(2, noLog.code(), noLog.toString());
        assertEquals("ringflow replay: missing --log DIR: the Chronicle log the job replays", noLog.errLine());
        assertTrue(noLog.err().contains("usage: ringflow replay --job CLASS --log DIR --compare OUT_DIR"), noLog.err());
        assertEquals(2, badFrom.code(), badFrom.toString());
        assertEquals("ringflow replay: --from 'yesterday' is neither a queue index (as `ringflow log dump` prints it) nor a "
            + "time such as 2026-11-21T08:00:00Z", badFrom.errLine());
        assertEquals(2, emptyRange.code(), emptyRange.toString());
        assertEquals("ringflow replay: --from index 20 is after --to index 10: the range is empty", emptyRange.errLine());
        assertEquals(2, badParallelism.code(), badParallelism.toString());
        assertEquals("ringflow replay: --parallelism takes a number of subtasks >= 1, got '0'", badParallelism.errLine());
        assertEquals(0, CliRun.of("replay", "--help").code());
        assertTrue(CliRun.of("help").out().contains("replay "), "replay is listed");
    }

    @Test
    void shouldExit1NamingAMissingLogAClassOrAJobWithoutLogs() throws Exception {
        Path input = dir.resolve("input");
        WindowedLogJob.writeInput(input, 10);
        CliRun noLog = CliRun.of("replay", "--job", JOB, "--log", dir.resolve("nothing").toString(), "--compare", input.toString());
        java.util.Set<String> temporaryBefore = replayTemporaryDirectories();
        CliRun noClass = CliRun.of("replay", "--job", "com.example.NoSuchJob", "--log", input.toString(), "--compare",
            input.toString());
        assertEquals(temporaryBefore, replayTemporaryDirectories(), "a failed replay without --output left its directory");
        Files.createDirectories(dir.resolve("used"));
        Files.writeString(dir.resolve("used/file"), "x");
        CliRun usedOutput = CliRun.of("replay", "--job", JOB, "--log", input.toString(), "--compare", input.toString(),
            "--output", dir.resolve("used").toString());
        CliRun noSource = CliRun.of("replay", "--job", CountingJob.class.getName(), "--log", input.toString(), "--compare",
            input.toString(), "--output", dir.resolve("counting").toString(), "--", "counting", "10", "0",
            dir.resolve("counted").toString());

        assertEquals(1, noLog.code(), noLog.toString());
        assertEquals("ringflow replay: --log " + dir.resolve("nothing") + ": no such log directory (the log to replay)",
            noLog.errLine());
        assertEquals(1, noClass.code(), noClass.toString());
        assertEquals("ringflow replay: class com.example.NoSuchJob not found on the class path (add its jar or directory "
            + "with --classpath)", noClass.errLine());
        assertEquals(1, usedOutput.code(), usedOutput.toString());
        assertEquals("ringflow replay: --output " + dir.resolve("used") + " is not empty: give a new or empty directory, "
            + "so that the replay's output is its own", usedOutput.errLine());
        assertEquals(1, noSource.code(), noSource.toString());
        assertEquals("ringflow replay: the job read no ChronicleLogSource: a replay feeds --log to the job through its "
            + "Chronicle log source", noSource.errLine());
        assertFalse(Files.exists(dir.resolve("counted")), "its log sink still wrote into the replay's directory");
    }

    private static java.util.Set<String> replayTemporaryDirectories() throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ringflow-replay-"))
                .collect(java.util.stream.Collectors.toSet());
        }
    }

    private CliRun replay(Path input, Path compare, Path output, String... more) {
        WindowedLogJob.injectFailures(0, 0);
        List<String> args = new java.util.ArrayList<>(List.of("replay", "--job", JOB, "--log", input.toString(),
            "--compare", compare.toString(), "--output", output.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--", "bars", dir.resolve("program-input").toString(), dir.resolve("program-output").toString(),
            dir.resolve("program-checkpoints").toString(), "1"));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Writes the committed records of a one-queue log into a new log, record {@code changedAt} with a count one higher. */
    private static Record copyChangingOneRecord(Path from, Path to, int changedAt) {
        Record changed = null;
        try (CommittedLogQueue queue = CommittedLogQueue.open(from, 0);
             ChronicleLogAppender<Bar> writer = ChronicleLogSource.writer(to, WindowedLogJob.BARS)) {
            int n = 0;
            for (Record record = queue.next(); record != null; record = queue.next(), n++) {
                Bar bar = WindowedLogJob.BARS.decode(new UnsafeBuffer(record.payload()), 0, record.payload().length);
                if (n == changedAt) {
                    bar = new Bar(bar.key(), bar.windowEnd(), bar.count() + 1, bar.maxTotal(), bar.sumTotal());
                    changed = new Record(0, writer.append(bar, record.eventTime()), record.eventTime(), null);
                } else {
                    writer.append(bar, record.eventTime());
                }
            }
        }
        return changed;
    }
}
