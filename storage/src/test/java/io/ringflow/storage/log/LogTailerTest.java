package io.ringflow.storage.log;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringflow.storage.log.LogDocumentDescriptor.AUTO_COMMIT_TXN_ID;
import static io.ringflow.storage.log.LogReaderTest.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeakedChronicleResources.class)
class LogTailerTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadRecordsAndCommitsWithTheirFields() {
        long index;
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            byte[] payload = {1, 2, 3};
            index = writer.appendRecord(42, 1_000, payload, 0, 3);
            writer.appendCommit(42);
        }
        try (LogTailer tailer = LogTailer.open(LogDirectory.queueDirectory(dir, 0))) {
            List<String> seen = new ArrayList<>();
            LogDocumentHandler handler = new LogDocumentHandler() {
                @Override
                public void onRecord(long at, long txnId, long timestamp, long appendTimeMs, org.agrona.DirectBuffer payload, int length) {
                    seen.add("record " + (at == index) + " " + txnId + " " + timestamp + " " + length + " " + payload.getByte(2));
                    assertTrue(Math.abs(System.currentTimeMillis() - appendTimeMs) < 60_000);
                }

                @Override
                public void onCommit(long at, long txnId) {
                    seen.add("commit " + txnId);
                }
            };
            assertEquals(LogDocumentDescriptor.RECORD_TYPE, tailer.poll(handler));
            assertEquals(LogDocumentDescriptor.COMMIT_TYPE, tailer.poll(handler));
            assertEquals(0, tailer.poll(handler));
            assertEquals(List.of("record true 42 1000 3 3", "commit 42"), seen);
            assertEquals(tailer.lastIndex(), tailer.positionIndex());
        }
    }

    /** Chronicle extends a file cut at a whole page with zeros, and its index may point before the cut: nothing says records are gone but the header. */
    @Test
    void shouldRefuseAQueueFileCutAtAWholePageForReadingAndWriting() throws Exception {
        writeNumbers(0, 20_000);
        Path queueDir = LogDirectory.queueDirectory(dir, 0);
        Path file;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(queueDir)) {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(16 * 4096);
        }
        LogException read = assertThrows(LogException.class, () -> LogTailer.open(queueDir).close());
        assertTrue(read.getMessage().contains(file.getFileName() + " records a document written at byte")
            && read.getMessage().contains("cut short at a whole page") && read.getMessage().contains("from a copy"), read.getMessage());
        LogException write = assertThrows(LogException.class, () -> LogWriter.open(dir, 0).close());
        assertTrue(write.getMessage().contains("cut short at a whole page"), write.getMessage());
    }

    @Test
    void shouldOpenAQueueWhileItsWriterAppends() throws Exception {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            Thread appender = new Thread(() -> {
                byte[] payload = new byte[64];
                for (int i = 0; i < 200_000; i++) {
                    writer.appendRecord(AUTO_COMMIT_TXN_ID, i, payload, 0, payload.length);
                }
            });
            appender.start();
            try {
                for (int i = 0; i < 200 && appender.isAlive(); i++) {
                    LogTailer.open(LogDirectory.queueDirectory(dir, 0)).close(); // never taken for a cut file
                }
            } finally {
                appender.join();
            }
        }
    }

    @Test
    void shouldResumeFromAPositionItTook() {
        writeNumbers(0, 10);
        long index;
        boolean read;
        try (LogTailer tailer = open()) {
            assertEquals(List.of("0", "1", "2", "3"), readUpTo(tailer, 4));
            index = tailer.positionIndex();
            read = tailer.positionIsRead();
        }
        assertTrue(read);
        try (LogTailer tailer = open()) {
            tailer.seek(index, read);
            assertEquals(List.of("4", "5", "6", "7", "8", "9"), readUpTo(tailer, 100));
        }
    }

    @Test
    void shouldStartAtAnIndexAndKeepItAsPositionUntilARead() {
        writeNumbers(0, 5);
        try (LogTailer tailer = open()) {
            readUpTo(tailer, 3);
            long third = tailer.positionIndex();
            tailer.moveTo(third);
            assertEquals(third, tailer.positionIndex());
            assertFalse(tailer.positionIsRead());
            assertEquals(List.of("2", "3", "4"), readUpTo(tailer, 100));
        }
    }

    @Test
    void shouldRejectAnIndexThatDoesNotExist() {
        writeNumbers(0, 2);
        try (LogTailer tailer = open()) {
            LogException missing = assertThrows(LogException.class, () -> tailer.moveTo(tailer.lastIndex() + 100));
            assertTrue(missing.getMessage().contains("no document at index"), missing.getMessage());
        }
    }

    @Test
    void shouldStartAtTheFirstRecordAppendedAtOrAfterATime() throws InterruptedException {
        writeNumbers(0, 3);
        Thread.sleep(5);
        long middle = System.currentTimeMillis();
        writeNumbers(3, 6);
        try (LogTailer tailer = open()) {
            tailer.moveToAppendTime(middle);
            assertEquals(List.of("3", "4", "5"), readUpTo(tailer, 100));
            tailer.moveToAppendTime(System.currentTimeMillis() + 60_000);
            assertEquals(List.of(), readUpTo(tailer, 100));
        }
    }

    @Test
    void shouldSayAnEmptyQueueHasNoLastIndex() {
        try (LogWriter writer = LogWriter.open(dir, 0); LogTailer tailer = open()) {
            assertEquals(LogTailer.NO_INDEX, tailer.lastIndex());
            assertEquals(0, tailer.poll((index, txnId, timestamp, appendTimeMs, payload, length) -> {
            }));
        }
    }

    @Test
    void shouldRejectADocumentThatNoLogWriterWrote() {
        Path queueDir = LogDirectory.queueDirectory(dir, 0);
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build();
             ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 9).writeLong(1);
            }
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(LogDocumentDescriptor.RECORD_TYPE).writeLong(1).writeLong(0).writeLong(0).writeInt(1_000);
            }
        }
        try (LogTailer tailer = open()) {
            LogException unknown = assertThrows(LogException.class, () -> tailer.poll((index, txnId, timestamp, appendTimeMs, payload, length) -> {
            }));
            assertTrue(unknown.getMessage().contains("unknown type 9"), unknown.getMessage());
            LogException truncated = assertThrows(LogException.class, () -> tailer.poll((index, txnId, timestamp, appendTimeMs, payload, length) -> {
            }));
            assertTrue(truncated.getMessage().contains("says 1000 payload bytes but holds 0"), truncated.getMessage());
        }
    }

    /** Queues written before records carried a CRC-32C (types 1 and 2) are still read. */
    @Test
    void shouldReadRecordsAndCommitsWrittenWithoutChecksums() {
        Path queueDir = LogDirectory.queueDirectory(dir, 0);
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build();
             ExcerptAppender appender = queue.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(LogDocumentDescriptor.RECORD_TYPE).writeLong(7).writeLong(5).writeLong(6)
                    .writeInt(2).writeByte((byte) 'h').writeByte((byte) 'i');
            }
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(LogDocumentDescriptor.COMMIT_TYPE).writeLong(7);
            }
        }
        List<String> seen = new ArrayList<>();
        try (LogTailer tailer = open()) {
            LogDocumentHandler handler = new LogDocumentHandler() {
                @Override
                public void onRecord(long at, long txnId, long timestamp, long appendTimeMs, org.agrona.DirectBuffer payload,
                                     int length) {
                    seen.add(txnId + " " + timestamp + " " + appendTimeMs + " " + payload.getStringWithoutLengthAscii(0, length));
                }

                @Override
                public void onCommit(long at, long txnId) {
                    seen.add("commit " + txnId);
                }
            };
            assertEquals(LogDocumentDescriptor.RECORD_TYPE, tailer.poll(handler));
            assertEquals(LogDocumentDescriptor.COMMIT_TYPE, tailer.poll(handler));
        }
        assertEquals(List.of("7 5 6 hi", "commit 7"), seen);
    }

    /**
     * A changed byte in a payload, a header field or a commit's transaction id: before records
     * carried a CRC-32C the reader returned the changed value as written (a bit flipped in a
     * transaction id commits the wrong transaction).
     */
    @Test
    void shouldRefuseADocumentWhoseBytesChangedNamingItsIndex() throws Exception {
        byte[] payload = "payload-that-will-change".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long recordIndex;
        long commitIndex;
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            recordIndex = writer.appendRecord(3, 1_000, payload, 0, payload.length);
            writer.appendCommit(3);
            commitIndex = writer.appendRecord(0, 1_000, new byte[0], 0, 0) - 1;
        }
        java.nio.file.Path file;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(LogDirectory.queueDirectory(dir, 0))) {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        int at = indexOf(bytes, payload);
        assertTrue(at > 0, "the payload is in the file");
        bytes[at + 8] ^= 0x01; // one bit of the payload
        java.nio.file.Files.write(file, bytes);
        try (LogTailer tailer = open()) {
            LogException changed = assertThrows(LogException.class,
                () -> tailer.poll((index, txnId, timestamp, appendTimeMs, data, length) -> {
                }));
            assertTrue(changed.getMessage().contains("index " + recordIndex + " ") && changed.getMessage().contains("CRC-32C")
                && changed.getMessage().contains("Restore the queue's files from a copy"), changed.getMessage());
        }
        bytes[at + 8] ^= 0x01;
        byte[] commit = {LogDocumentDescriptor.CHECKED_COMMIT_TYPE, 3, 0, 0, 0, 0, 0, 0, 0};
        int commitAt = indexOf(bytes, commit);
        assertTrue(commitAt > at, "the commit follows the record");
        bytes[commitAt + 1] = 4; // the commit of transaction 4, which does not exist
        java.nio.file.Files.write(file, bytes);
        try (LogTailer tailer = open()) {
            assertEquals(LogDocumentDescriptor.RECORD_TYPE, tailer.poll((index, txnId, timestamp, appendTimeMs, data, length) -> {
            }));
            LogException changed = assertThrows(LogException.class, () -> tailer.poll((index, txnId, timestamp, appendTimeMs,
                                                                                        data, length) -> {
            }));
            assertTrue(changed.getMessage().contains("index " + commitIndex + " "), changed.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void writeNumbers(int from, int to) {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            for (int i = from; i < to; i++) {
                append(writer, AUTO_COMMIT_TXN_ID, Integer.toString(i));
            }
        }
    }

    private LogTailer open() {
        return LogTailer.open(LogDirectory.queueDirectory(dir, 0));
    }

    private static List<String> readUpTo(LogTailer tailer, int max) {
        List<String> out = new ArrayList<>();
        while (out.size() < max && tailer.poll((index, txnId, timestamp, appendTimeMs, payload, length) ->
            out.add(payload.getStringWithoutLengthUtf8(0, length))) != 0) {
            continue;
        }
        return out;
    }
}
