package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A replay of a damaged log fails naming the queue's file and the fix, where it hung, ended early or named nothing. */
class ChronicleLogSourceDamagedLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldFailNamingTheFileWhenBytesInsideTheQueueAreOverwritten() throws Exception {
        Path log = writeLog("overwritten", 10_000);
        Path file = queueFile(log);
        overwriteInside(file);
        String failure = failureOf(log, "overwritten");
        // where the junk begins decides which check sees it first: a length past the document, its
        // CRC-32C, or no readable document before the end (then the fix names toIndex(...) too)
        assertTrue(failure.contains(file.getParent().toString()) && failure.contains("damaged")
            && failure.contains("from a copy"), failure);
    }

    /**
     * Chronicle ends a read at a document it cannot read as if the queue ended there: the reader
     * returned the records before the damage without a word (501 of 1,000 for a flipped length
     * bit), and so did {@code ringflow log stat} and {@code dump}. They fail now, naming the queue.
     */
    @Test
    void shouldFailReadingCommittedRecordsOfADamagedQueueNotReturnThemShort() throws Exception {
        Path log = writeLog("read-damaged", 10_000);
        Path file = queueFile(log);
        overwriteInside(file);
        io.ringflow.storage.log.LogException failure = org.junit.jupiter.api.Assertions.assertThrows(
            io.ringflow.storage.log.LogException.class, () -> ChronicleLogReader.readCommitted(log, Codecs.LONG));
        assertTrue(failure.getMessage().contains(file.getParent().toString()) && failure.getMessage().contains("damaged"),
            failure.getMessage());
        for (String subcommand : List.of("stat", "dump")) {
            io.ringflow.cli.CliRun run = io.ringflow.cli.CliRun.of("log", subcommand, log.toString());
            assertEquals(1, run.code(), subcommand + ": " + run);
            assertTrue(run.err().contains("damaged"), subcommand + ": " + run.err());
        }
    }

    /**
     * One flipped bit in a record's payload: before records carried a CRC-32C the replay emitted
     * the changed value as written and ended FINISHED.
     */
    @Test
    void shouldFailAReplayAndAReadWhenAPayloadBitFlipped() throws Exception {
        Path log = writeLog("payload-bit", 10_000);
        Path file = queueFile(log);
        byte[] bytes = Files.readAllBytes(file);
        byte[] record = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(7_777).array();
        int at = -1;
        for (int i = 0; i <= bytes.length - 8 && at < 0; i++) {
            if (Arrays.equals(bytes, i, i + 8, record, 0, 8)) {
                at = i;
            }
        }
        assertTrue(at > 0, "record 7777's payload is in the file");
        bytes[at] ^= 0x04; // 7777 reads as 7781
        Files.write(file, bytes);
        String failure = failureOf(log, "payload-bit");
        assertTrue(failure.contains(file.getParent().toString()) && failure.contains("CRC-32C")
            && failure.contains("from a copy"), failure);
        io.ringflow.storage.log.LogException read = org.junit.jupiter.api.Assertions.assertThrows(
            io.ringflow.storage.log.LogException.class, () -> ChronicleLogReader.readCommitted(log, Codecs.LONG));
        assertTrue(read.getMessage().contains("CRC-32C"), read.getMessage());
    }

    /** Chronicle would extend the file again and the replay would end at the cut without a word. */
    @Test
    void shouldFailNamingTheFileWhenTheQueueFileWasCutShort() throws Exception {
        Path log = writeLog("cut-short", 10_000);
        Path file = queueFile(log);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(100_000);
        }
        String failure = failureOf(log, "cut-short");
        assertTrue(failure.contains(file.toString()) && failure.contains("cut short")
            && failure.contains("restore it from a copy"), failure);
    }

    /** The usual interrupted copy: a whole number of pages, so the form is right; the header's write position is not. */
    @Test
    void shouldFailNamingTheFileWhenTheQueueFileWasCutAtAWholePage() throws Exception {
        Path log = writeLog("cut-at-page", 10_000);
        Path file = queueFile(log);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 * 4096);
        }
        String failure = failureOf(log, "cut-at-page");
        assertTrue(failure.contains(file.getFileName().toString()) && failure.contains("cut short at a whole page")
            && failure.contains("from a copy"), failure);
        io.ringflow.storage.log.LogException read = org.junit.jupiter.api.Assertions.assertThrows(
            io.ringflow.storage.log.LogException.class, () -> ChronicleLogReader.readCommitted(log, Codecs.LONG));
        assertTrue(read.getMessage().contains("cut short at a whole page"), read.getMessage());
    }

    @Test
    void shouldFailNamingTheFileWhenTheQueueIsNotALogs() throws Exception {
        Path log = dir.resolve("other");
        Files.createDirectories(log.resolve("subtask-0"));
        byte[] text = new byte[4096]; // a whole page: past the length check, to Chronicle's own
        Arrays.fill(text, (byte) 't');
        Files.write(log.resolve("subtask-0").resolve("20261206.cq4"), text);
        String failure = failureOf(log, "not-a-log");
        assertTrue(failure.contains("20261206.cq4") && failure.contains("restore them from a copy"), failure);
    }

    /** A page of junk inside the queue's documents. */
    private static void overwriteInside(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x5A);
            raf.seek(200_000);
            raf.write(junk);
        }
    }

    private Path writeLog(String name, int records) {
        Path log = dir.resolve(name);
        try (ChronicleLogAppender<Long> writer = ChronicleLogSource.writer(log, Codecs.LONG)) {
            for (long n = 0; n < records; n++) {
                writer.append(n);
            }
        }
        return log;
    }

    private static Path queueFile(Path log) throws Exception {
        try (Stream<Path> files = Files.walk(log)) {
            List<Path> queues = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, queues.size(), queues.toString());
            return queues.get(0);
        }
    }

    /** Runs a bounded replay of {@code log}; the message of its failure, which must come within 20 s. */
    private static String failureOf(Path log, String name) {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(ChronicleLogSource.bounded(log, Codecs.LONG), WatermarkStrategy.noWatermarks(), "in").uid("in")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync(name);
        try {
            job.result().handle((result, failure) -> null).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            job.cancel().join();
            throw new AssertionError(name + ": no end within 20 s (a hang), status " + job.status(), e);
        }
        assertEquals(JobStatus.FAILED, job.status(), "failed, not finished or hanging");
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = job.failureCause().orElseThrow(); cause != null; cause = cause.getCause()) {
            messages.append(cause).append(" | ");
        }
        return messages.toString();
    }
}
