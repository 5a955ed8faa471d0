package io.ringflow.storage.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringflow.storage.log.LogDocumentDescriptor.AUTO_COMMIT_TXN_ID;
import static io.ringflow.storage.log.LogDocumentDescriptor.NO_TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(NoLeakedChronicleResources.class)
class LogReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeliverOnlyRecordsOfCommittedTransactions() {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            append(writer, 11, "a1");
            append(writer, 22, "b1");
            append(writer, 11, "a2");
            writer.appendCommit(11);
            append(writer, 33, "c1");
        }
        assertEquals(List.of("a1", "a2"), readCommitted());
        assertEquals(List.of("a1", "b1", "a2", "c1"), readAll());
    }

    @Test
    void shouldIgnoreARepeatedCommit() {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            append(writer, 7, "x");
            writer.appendCommit(7);
            writer.appendCommit(7);
        }
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            writer.appendCommit(7);
        }
        assertEquals(List.of("x"), readCommitted());
    }

    @Test
    void shouldHonourACommitWrittenInAnotherSubtasksQueue() {
        try (LogWriter first = LogWriter.open(dir, 0); LogWriter second = LogWriter.open(dir, 1)) {
            append(first, 5, "from-0");
            append(second, 6, "from-1");
            second.appendCommit(5);
        }
        assertEquals(List.of("from-0"), readCommitted());
    }

    @Test
    void shouldReadEveryQueueInSubtaskOrder() {
        try (LogWriter w2 = LogWriter.open(dir, 2); LogWriter w0 = LogWriter.open(dir, 0); LogWriter w10 = LogWriter.open(dir, 10)) {
            append(w10, AUTO_COMMIT_TXN_ID, "ten");
            append(w2, AUTO_COMMIT_TXN_ID, "two");
            append(w0, AUTO_COMMIT_TXN_ID, "zero");
        }
        try (LogReader reader = LogReader.open(dir)) {
            assertEquals(3, reader.queueCount());
        }
        assertEquals(List.of("zero", "two", "ten"), readCommitted());
        assertEquals(List.of("zero", "two", "ten"), readAll());
    }

    @Test
    void shouldReadAnEmptyLogAndRejectAMissingOne() {
        assertEquals(List.of(), readCommitted());
        LogException missing = assertThrows(LogException.class, () -> LogReader.open(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such log directory", missing.getMessage());
    }

    @Test
    void shouldReadTheSameSnapshotTwice() {
        try (LogWriter writer = LogWriter.open(dir, 0)) {
            append(writer, 1, "r");
            writer.appendCommit(1);
        }
        try (LogReader reader = LogReader.open(dir)) {
            List<String> twice = new ArrayList<>();
            reader.readCommitted(bytes -> twice.add(new String(bytes, StandardCharsets.UTF_8)));
            reader.readCommitted(bytes -> twice.add(new String(bytes, StandardCharsets.UTF_8)));
            assertEquals(List.of("r", "r"), twice);
        }
    }

    static void append(LogWriter writer, long txnId, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writer.appendRecord(txnId, NO_TIMESTAMP, bytes, 0, bytes.length);
    }

    private List<String> readCommitted() {
        List<String> out = new ArrayList<>();
        try (LogReader reader = LogReader.open(dir)) {
            reader.readCommitted(bytes -> out.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private List<String> readAll() {
        List<String> out = new ArrayList<>();
        try (LogReader reader = LogReader.open(dir)) {
            reader.readAll(bytes -> out.add(new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }
}
