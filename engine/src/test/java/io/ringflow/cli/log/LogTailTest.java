package io.ringflow.cli.log;

import io.ringflow.api.codec.Codecs;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogWriter;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ringflow.cli.log.TestLogs.append;
import static io.ringflow.cli.log.TestLogs.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tail follows a log that another thread appends to; each wait is for output, bounded. */
class LogTailTest {
    private static final long AUTO = LogDocumentDescriptor.AUTO_COMMIT_TXN_ID;

    @TempDir
    Path root;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ExecutorService appender = Executors.newSingleThreadExecutor();
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread follower;
    private LogTail tail;

    @AfterEach
    void stopTail() throws Exception {
        stop.set(true);
        if (follower != null) {
            follower.join(10_000);
            assertFalse(follower.isAlive(), "the tail did not stop");
        }
        if (tail != null) {
            tail.close();
        }
        appender.shutdown();
        assertTrue(appender.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldPrintTheDocumentsAppendedAfterItOpened() throws Exception {
        Path log = root.resolve("log");
        LogWriter writer = LogWriter.open(log, 0);
        append(writer, AUTO, 1, longBytes(-1)); // before the tail: not printed
        follow(log, false);

        appender.submit(() -> {
            append(writer, AUTO, 2, longBytes(10));
            append(writer, 7, 3, longBytes(11));
            writer.appendCommit(7);
            return null;
        }).get();
        Eventually.await("three lines", () -> lines().size() >= 3, this::lines);
        appender.submit(writer::close).get();

        List<String> lines = lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("subtask-0 index=\\d+ RECORD txn=auto event=1970-01-01T00:00:00.002Z appended=\\S+ 10"),
            lines.get(0));
        assertTrue(lines.get(1).endsWith(" 11") && lines.get(1).contains(" txn=0000000000000007 "), lines.get(1));
        assertTrue(lines.get(2).matches("subtask-0 index=\\d+ COMMIT txn=0000000000000007"), lines.get(2));
    }

    @Test
    void shouldPrintATransactionsRecordsWhenItsCommitComes() throws Exception {
        Path log = root.resolve("log");
        LogWriter writer = LogWriter.open(log, 0);
        append(writer, 1, 1, longBytes(100)); // committed before the tail: not printed
        writer.appendCommit(1);
        append(writer, 2, 1, longBytes(200)); // open when the tail starts: printed at its commit
        follow(log, true);

        appender.submit(() -> append(writer, 3, 1, longBytes(300))).get();
        appender.submit(() -> append(writer, AUTO, 1, longBytes(1))).get();
        // the auto-committed marker comes after transaction 3's record: once it is printed, that record was read
        Eventually.await("the first marker", () -> lines().size() >= 1, this::lines);
        assertEquals(List.of("1"), payloads(), "records of open transactions must wait for their commits");

        appender.submit(() -> {
            writer.appendCommit(2);
            writer.appendCommit(3);
            writer.appendCommit(1); // a repeated commit changes nothing
            append(writer, AUTO, 1, longBytes(2));
            return null;
        }).get();
        Eventually.await("the second marker", () -> payloads().contains("2"), this::lines);
        appender.submit(writer::close).get();

        assertEquals(List.of("1", "200", "300", "2"), payloads());
    }

    @Test
    void shouldPrintACommitInAnotherQueueThatCameFirst() throws Exception {
        Path log = root.resolve("log");
        LogWriter zero = LogWriter.open(log, 0);
        LogWriter one = LogWriter.open(log, 1);
        append(zero, AUTO, 1, longBytes(0));
        append(one, AUTO, 1, longBytes(0));
        follow(log, true);

        // subtask-1 commits the transaction whose record subtask-0 holds (a restore at another parallelism)
        appender.submit(() -> {
            append(zero, 9, 1, longBytes(900));
            one.appendCommit(9);
            return null;
        }).get();
        Eventually.await("the committed record", () -> payloads().contains("900"), this::lines);
        appender.submit(() -> {
            zero.close();
            one.close();
        }).get();

        assertEquals(List.of("900"), payloads());
    }

    @Test
    void shouldFollowAQueueThatAppearsLaterFromItsStart() throws Exception {
        Path log = root.resolve("log");
        LogWriter zero = LogWriter.open(log, 0);
        append(zero, AUTO, 1, longBytes(0));
        follow(log, false);
        assertTrue(tail.describe().endsWith("(1 queue)"), tail.describe());

        appender.submit(() -> {
            try (LogWriter one = LogWriter.open(log, 1)) {
                append(one, AUTO, 1, longBytes(41));
                append(one, AUTO, 1, longBytes(42));
            }
        }).get();
        Eventually.await("the new queue's records", () -> lines().size() >= 2, this::lines);
        zero.close();

        assertEquals(List.of("41", "42"), payloads());
        assertTrue(lines().get(0).startsWith("subtask-1 "), lines().toString());
    }

    private void follow(Path log, boolean committed) {
        tail = LogTail.open(log, committed, PayloadFormat.of("long", null),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
        follower = new Thread(() -> tail.follow(stop::get), "log-tail-test");
        follower.start();
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> payloads() {
        return lines().stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    private static byte[] longBytes(long value) {
        return encode(Codecs.LONG, value);
    }
}
