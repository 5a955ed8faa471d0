package io.ringflow.cli.log;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.cli.CliRun;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ringflow.cli.log.TestLogs.append;
import static io.ringflow.cli.log.TestLogs.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogCommandTest {
    record Point(long x, long y) {
    }

    private static final Codec<Point> POINTS = Codecs.forClass(Point.class);
    private static final long AUTO = LogDocumentDescriptor.AUTO_COMMIT_TXN_ID;
    private static final long COMMITTED = 0xa1L;
    private static final long OPEN = 0xb2L;
    private static final long COMMITTED_ELSEWHERE = 0xc3L;

    @TempDir
    Path root;
    private Path log;
    private long firstIndex;

    /**
     * subtask-0: Point(1,1) and (2,2) of a committed transaction, its commit, an auto-committed
     * (3,3), (4,4) of an open transaction, the commit of subtask-1's transaction;
     * subtask-1: (5,5) of a transaction committed in subtask-0.
     */
    @BeforeEach
    void writeLog() {
        log = root.resolve("log");
        try (LogWriter zero = LogWriter.open(log, 0); LogWriter one = LogWriter.open(log, 1)) {
            firstIndex = append(zero, COMMITTED, 1000, encode(POINTS, new Point(1, 1)));
            append(zero, COMMITTED, 2000, encode(POINTS, new Point(2, 2)));
            zero.appendCommit(COMMITTED);
            append(zero, AUTO, LogDocumentDescriptor.NO_TIMESTAMP, encode(POINTS, new Point(3, 3)));
            append(zero, OPEN, 4000, encode(POINTS, new Point(4, 4)));
            append(one, COMMITTED_ELSEWHERE, 5000, encode(POINTS, new Point(5, 5)));
            zero.appendCommit(COMMITTED_ELSEWHERE);
        }
    }

    @Test
    void shouldCountRecordsCommitsAndTransactions() {
        CliRun run = CliRun.of("log", "stat", log.toString());

        assertEquals(0, run.code(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals("log " + log + ": 2 queues, 5 records, 2 commits", lines.get(0));
        assertTrue(lines.get(1).startsWith("  subtask-0: 4 records, 2 commits, index " + firstIndex + " .. "
            + (firstIndex + 5) + ", appended "), lines.get(1));
        assertTrue(lines.get(2).startsWith("  subtask-1: 1 records, 0 commits, index "), lines.get(2));
        assertEquals("records: 4 visible (3 of committed transactions, 1 auto-committed), 1 in open transactions",
            lines.get(3));
        assertEquals("transactions: 2 committed, 1 open: 00000000000000b2 (1 records)", lines.get(4));
        assertEquals("event time: 1970-01-01T00:00:01Z .. 1970-01-01T00:00:05Z", lines.get(5));
        assertEquals(6, lines.size(), run.out());
    }

    @Test
    void shouldDumpEveryDocumentAsHexWithoutACodec() {
        CliRun run = CliRun.of("log", "dump", log.toString());

        assertEquals(0, run.code(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(7, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("subtask-0 index=" + firstIndex
            + " RECORD txn=00000000000000a1 event=1970-01-01T00:00:01Z appended="), lines.get(0));
        assertTrue(lines.get(0).endsWith(" " + hex(encode(POINTS, new Point(1, 1)))), lines.get(0));
        assertEquals("subtask-0 index=" + (firstIndex + 2) + " COMMIT txn=00000000000000a1", lines.get(2));
        assertTrue(lines.get(3).contains(" RECORD txn=auto event=- "), lines.get(3));
        assertTrue(lines.get(6).startsWith("subtask-1 index="), lines.get(6));
        assertEquals("", run.err());
    }

    @Test
    void shouldDumpOnlyCommittedRecordsDecodedByTheCodec() {
        CliRun run = CliRun.of("log", "dump", log.toString(), "--committed", "--codec", Point.class.getName());

        assertEquals(0, run.code(), run.toString());
        List<String> payloads = run.out().lines().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
        assertEquals(List.of("y=1]", "y=2]", "y=3]", "y=5]"), payloads, run.out());
        assertTrue(run.out().lines().allMatch(line -> line.contains(" RECORD ") && line.contains("Point[x=")), run.out());
    }

    @Test
    void shouldNameTheCodecAndTheRecordWhenTheCodecDoesNotFit() {
        CliRun run = CliRun.of("log", "dump", log.toString(), "--codec", "long");

        assertEquals(1, run.code(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("ringflow log dump: codec long does not fit the record at subtask-0 index "
            + firstIndex + " (" + encode(POINTS, new Point(1, 1)).length + " payload bytes): they decode to "),
            run.err());
    }

    @Test
    void shouldNameTheCodecWhenDecodingFails() {
        Path strings = root.resolve("strings");
        try (LogWriter writer = LogWriter.open(strings, 0)) {
            append(writer, AUTO, 1, encode(Codecs.STRING, "fits"));
            append(writer, AUTO, 2, new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 'x'}); // says 2 GB of characters follow
        }

        CliRun run = CliRun.of("log", "dump", strings.toString(), "--codec", "String");

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().endsWith(" fits\n"), run.out());
        assertTrue(run.err().startsWith("ringflow log dump: codec java.lang.String does not fit the record at subtask-0"
            + " index "), run.err());
    }

    /** A long decoded as a String holds NULs: the message escapes them rather than send them to the terminal. */
    @Test
    void shouldEscapeControlCharactersOfAMisdecodedValue() {
        assertEquals("a\\u0000b\\u001b", io.ringflow.cli.log.PayloadFormat.printable("a\u0000b\u001b"));
    }

    @Test
    void shouldFindACodecClassOnTheGivenClasspath() throws Exception {
        Path classes = Compiled.record(root.resolve("classes"), "extra.Tick", "String name, long n");
        Object tick;
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()})) {
            Class<?> type = loader.loadClass("extra.Tick");
            tick = type.getConstructors()[0].newInstance("a", 7L);
            @SuppressWarnings("unchecked")
            Codec<Object> codec = (Codec<Object>) Codecs.forClass(type);
            try (LogWriter writer = LogWriter.open(root.resolve("ticks"), 0)) {
                append(writer, AUTO, 1, encode(codec, tick));
            }
        }
        String ticks = root.resolve("ticks").toString();

        CliRun found = CliRun.of("log", "dump", ticks, "--codec", "extra.Tick", "--classpath", classes.toString());
        CliRun notFound = CliRun.of("log", "dump", ticks, "--codec", "extra.Tick");

        assertEquals(0, found.code(), found.toString());
        assertTrue(found.out().endsWith(" Tick[name=a, n=7]\n"), found.out());
        assertEquals(1, notFound.code(), notFound.toString());
        assertTrue(notFound.err().startsWith("ringflow log dump: --codec extra.Tick: no such class"), notFound.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stat", "dump", "tail"})
    void shouldFailWith1OnAMissingLog(String subcommand) {
        CliRun run = CliRun.of("log", subcommand, root.resolve("missing").toString());

        assertEquals(1, run.code(), run.toString());
        assertEquals("ringflow log " + subcommand + ": " + root.resolve("missing") + ": no such log directory\n", run.err());
    }

    @Test
    void shouldSayAnEmptyLogIsEmpty() throws Exception {
        Path empty = Files.createDirectory(root.resolve("empty"));

        CliRun stat = CliRun.of("log", "stat", empty.toString());
        CliRun dump = CliRun.of("log", "dump", empty.toString());

        assertEquals(0, stat.code(), stat.toString());
        assertEquals("log " + empty + ": empty, no subtask-N queue (an empty log, or not a log directory)\n", stat.out());
        assertEquals(0, dump.code(), dump.toString());
        assertEquals("", dump.out());
        assertEquals("ringflow log dump: " + empty + " holds no subtask queue: an empty log, or not a log directory\n",
            dump.err());
    }

    @Test
    void shouldSayWhenNoRecordIsCommitted() throws Exception {
        Path uncommitted = root.resolve("uncommitted");
        try (LogWriter writer = LogWriter.open(uncommitted, 0)) {
            append(writer, OPEN, 1, new byte[] {1});
        }

        CliRun run = CliRun.of("log", "dump", uncommitted.toString(), "--committed");

        assertEquals(0, run.code(), run.toString());
        assertEquals("", run.out());
        assertEquals("ringflow log dump: " + uncommitted + " holds no committed record\n", run.err());
    }

    @Test
    void shouldRejectAFileAsALog() throws Exception {
        Path file = Files.writeString(root.resolve("file"), "x");

        CliRun run = CliRun.of("log", "stat", file.toString());

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().contains("not a directory"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "count LOG", "stat", "stat LOG LOG", "dump LOG --codec", "dump LOG --bogus",
        "stat LOG --committed", "stat LOG --codec long", "dump LOG --classpath /tmp", "tail LOG --codec --committed"})
    void shouldReportUsageMistakesWithTheUsage(String args) {
        String[] words = ("log " + args.replace("LOG", log.toString())).trim().split(" ");

        CliRun run = CliRun.of(words);

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.errLine().startsWith("ringflow log: "), run.err());
        assertTrue(run.err().contains(LogCommand.USAGE), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldRejectAnUnknownCodecClass() {
        CliRun run = CliRun.of("log", "dump", log.toString(), "--codec", "java.lang.Thread");

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().startsWith("ringflow log dump: ") && run.err().contains("java.lang.Thread"), run.err());
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
