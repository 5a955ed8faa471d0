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
